import { EVENT_SCHEMA_VERSION } from "@fenceline/shared";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { enrolOverApi } from "../testing/enrol-over-api.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { wireEvent } from "../testing/wire-event.ts";

const ADMIN = "fl_events_admin";
const cursorOf = (value: string) => Buffer.from(value).toString("base64url");

async function hubWithEvents(count: number) {
  const stores = openTestStores(":memory:");
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

describe("POST /api/agents/events with impossible times", () => {
  it.each([
    ["past the end of JavaScript's dates", 9e15],
    ["a year ahead of the hub's clock", Date.now() + 365 * 24 * 3600 * 1000],
    ["two days ahead", Date.now() + 2 * 24 * 3600 * 1000],
  ])("an event dated %s is a 400 naming it, and nothing is stored", async (_what, time) => {
    const stores = openTestStores(":memory:");
    const { app } = createHub({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const [credential] = await enrolOverApi(app, ADMIN, "north", ["gateway"]);
    const events = [wireEvent({ time: Date.now() }), wireEvent({ time })];
    const sent = await app.request("/api/agents/events", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
      body: JSON.stringify({ schemaVersion: EVENT_SCHEMA_VERSION, events }),
    });
    expect(sent.status).toBe(400);
    const body = (await sent.json()) as { error: { details: string[] } };
    expect(body.error.details).toEqual(["events[1].time: more than a day ahead of the hub's clock"]);
    const listed = await app.request("/api/events", { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await listed.json()) as { events: unknown[] }).events).toEqual([]);
  });

  it("an event a few hours ahead (a drifting clock) is stored", async () => {
    const stores = openTestStores(":memory:");
    const { app } = createHub({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const [credential] = await enrolOverApi(app, ADMIN, "north", ["gateway"]);
    const sent = await app.request("/api/agents/events", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
      body: JSON.stringify({
        schemaVersion: EVENT_SCHEMA_VERSION,
        events: [wireEvent({ time: Date.now() + 3 * 3600e3 })],
      }),
    });
    expect(sent.status).toBe(200);
  });
});
