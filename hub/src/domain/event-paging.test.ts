import { describe, expect, it } from "vitest";
import { HubError } from "../hub-error.ts";
import { eventsBefore, nextEventsCursor } from "./event-paging.ts";

const events = [
  { time: "2026-01-05T10:00:02.000Z", id: "e-2" },
  { time: "2026-01-05T10:00:01.000Z", id: "e-1" },
];

describe("event paging", () => {
  it("a full page's cursor leads back to its last event", () => {
    const next = nextEventsCursor(events, 2);
    expect(next).not.toBeNull();
    expect(eventsBefore(next ?? "")).toEqual(events[1]);
  });

  it.each([
    ["a short page", events, 3],
    ["no events", [], 100],
  ])("%s has no next page", (_what, page, limit) => {
    expect(nextEventsCursor(page, limit)).toBeNull();
  });

  it.each([undefined, ""])("no cursor (%j) starts at the newest", (cursor) => {
    expect(eventsBefore(cursor)).toBeUndefined();
  });

  it.each([
    ["zz", /not one this server made/],
    [Buffer.from("7").toString("base64url"), /does not hold a page position/],
    [Buffer.from('{"page":2}').toString("base64url"), /does not hold a page position/],
  ])("%s is an invalid request", (cursor, message) => {
    const error = (() => {
      try {
        eventsBefore(cursor);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe("invalid-request");
    expect((error as HubError).message).toMatch(message);
  });
});
