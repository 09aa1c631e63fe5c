import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { addPasswordUser, TEST_PASSWORD } from "../testing/password-user.ts";
import { openTestStores } from "../testing/test-stores.ts";

/** A hub and the session cookie of a signed-in DSL. */
async function signedInHub() {
  const { app, services } = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
  const email = await addPasswordUser(services);
  const login = await app.request("/login", {
    method: "POST",
    body: new URLSearchParams({ email, password: TEST_PASSWORD, next: "/events" }),
  });
  const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
  return (path: string) => app.request(path, { headers: { cookie } });
}

const cursorOf = (value: string) => Buffer.from(value).toString("base64url");

describe("the events page's paging cursor", () => {
  it("no cursor shows the first page", async () => {
    const get = await signedInHub();
    expect((await get("/events")).status).toBe(200);
  });

  it.each([
    ["not base64url JSON", "zz", /not one this server made/],
    ["a JSON object of the wrong shape", cursorOf('{"time":1}'), /does not hold a page position/],
    ["a JSON number", cursorOf("42"), /does not hold a page position/],
  ])("a cursor that is %s gets a 400 page saying so", async (_what, cursor, message) => {
    const get = await signedInHub();
    for (const path of [`/events?cursor=${cursor}`, `/events.csv?cursor=${cursor}`]) {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(message);
    }
  });
});
