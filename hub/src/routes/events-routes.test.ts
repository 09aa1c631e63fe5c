import { EVENT_SCHEMA_VERSION } from "@fenceline/shared";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openHubStores } from "../store/open-stores.ts";
import { enrolOverApi } from "../testing/enrol-over-api.ts";
import { grantToken } from "../testing/grant-token.ts";
import { wireEvent } from "../testing/wire-event.ts";

const ADMIN = "fl_events_admin";
const cursorOf = (value: string) => Buffer.from(value).toString("base64url");

async function hubWithEvents(count: number) {
  const stores = openHubStores(":memory:");
  const { app } = createHub({ stores, log: pino({ level: "silent" }) });
  grantToken(stores, ADMIN, "ict-admin");
  const [credential] = await enrolOverApi(app, ADMIN, "north", ["gateway"]);
  const events = Array.from({ length: count }, (_, i) => wireEvent({ time: Date.now() - i * 1000 }));
  const sent = await app.request("/api/agents/events", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
    body: JSON.stringify({ schemaVersion: EVENT_SCHEMA_VERSION, events }),
  });
  expect(sent.status).toBe(200);
  const get = (query: string) => app.request(`/api/events?${query}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { get };
}

describe("GET /api/events paging", () => {
  it("follows `next` to the older events, and ends with null", async () => {
    const { get } = await hubWithEvents(3);
    const first = (await (await get("limit=2")).json()) as { events: { id: string }[]; next: string | null };
    expect(first.events).toHaveLength(2);
    const second = (await (await get(`limit=2&cursor=${first.next}`)).json()) as typeof first;
    expect(second.events).toHaveLength(1);
    expect(second.events[0]?.id).not.toBe(first.events[1]?.id);
    expect(second.next).toBeNull();
  });

  it.each([
    ["not base64url JSON", "zz", /not one this server made/],
    ["a JSON object of the wrong shape", cursorOf('{"page":2}'), /does not hold a page position/],
    ["a JSON number", cursorOf("42"), /does not hold a page position/],
    ["an event position with a time that is not one", cursorOf('{"time":"x","id":"e"}'), /page position/],
  ])("a cursor that is %s is a 400 saying so", async (_what, cursor, message) => {
    const { get } = await hubWithEvents(0);
    const response = await get(`cursor=${cursor}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid-request");
    expect(body.error.message).toMatch(message);
  });
});
