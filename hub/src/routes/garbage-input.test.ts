import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import { authorisationFixture, fillPath } from "../testing/authorisation-fixture.ts";
import { garbageUrls } from "../testing/garbage-values.ts";

// Built before the tests are collected: the routes and pages themselves are the table walked.
const fx = await authorisationFixture();
const site = fx.a;
const fill = (path: string) => fillPath(path, site, fx.targetUserId);

/** Any status but a 5xx: garbage input is the client's mistake, answered as such. */
async function statusesOf(urls: string[], headers: Record<string, string>) {
  const failures: string[] = [];
  for (const url of urls) {
    const response = await fx.hub.app.request(url, { headers });
    if (response.status >= 500) failures.push(`${response.status} ${url.slice(0, 200)}`);
  }
  return failures;
}

describe("garbage in queries and path parameters", () => {
  it.each(fx.hub.routes.filter((def) => def.method === "GET").map((def) => [def.path, def] as const))(
    "GET %s answers without a 500",
    async (_path, def) => {
      const failures = await statusesOf(garbageUrls(def.path, fill), {
        authorization: `Bearer ${fx.tokens["ict-admin"]}`,
      });
      const dsl = await statusesOf(garbageUrls(def.path, fill), { authorization: `Bearer ${fx.tokens.dsl}` });
      expect([...failures, ...dsl]).toEqual([]);
    },
  );

  it.each(
    fx.hub.routes.filter((def) => def.method !== "GET").map((def) => [`${def.method} ${def.path}`, def] as const),
  )("%s with garbage path parameters and bodies answers without a 500", async (_name, def) => {
    const failures: string[] = [];
    const urls = garbageUrls(def.path, fill).filter((url) => !url.includes("?"));
    for (const url of urls.length > 0 ? urls : [def.path])
      for (const body of ["{}", "[]", "null", '"x"', '{"schemaVersion":{}}', "{"]) {
        const response = await fx.hub.app.request(url, {
          method: def.method,
          headers: { authorization: `Bearer ${fx.tokens["ict-admin"]}`, "content-type": "application/json" },
          body,
        });
        if (response.status >= 500) failures.push(`${response.status} ${url.slice(0, 120)} ${body}`);
      }
    expect(failures).toEqual([]);
  });

  it.each(fx.hub.pages.filter((def) => def.method === "GET").map((def) => [def.path, def] as const))(
    "page %s answers without a 500",
    async (_path, def) => {
      const failures = await statusesOf(garbageUrls(def.path, fill), { cookie: fx.sessions["ict-admin"].cookie });
      const dsl = await statusesOf(garbageUrls(def.path, fill), { cookie: fx.sessions.dsl.cookie });
      expect([...failures, ...dsl]).toEqual([]);
    },
  );
});

describe("garbage uploads to an incident: a clear 4xx, nothing stored", () => {
  const dsl = { authorization: `Bearer ${fx.tokens.dsl}` };
  const stored = () => fx.hub.services.attachments.list(Number(site.incidentId)).length;
  const tooLarge = new Uint8Array(fx.hub.actions.evidence.maxBytes() + 1).fill(0x41);
  const cases: [string, string, BodyInit, number][] = [
    ["an empty body", "?name=a.txt", "", 400],
    ["an HTML page", "?name=a.txt", "<!doctype html><script>alert(1)</script>", 415],
    ["an SVG image", "?name=a.png", '<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', 415],
    ["a Windows program", "?name=a.pdf", Buffer.from("4d5a90000300000004000000ffff0000", "hex"), 415],
    ["binary noise", "", Buffer.from([0, 1, 2, 3, 255, 254]), 415],
    ["a name of 300 characters", `?name=${"x".repeat(300)}`, "text", 400],
    ["a file over the limit", "?name=big.txt", tooLarge, 413],
  ];
  it.each(cases)("%s", async (_name, query, body, status) => {
    const before = stored();
    const response = await fx.hub.app.request(`/api/incidents/${site.incidentId}/attachments${query}`, {
      method: "POST",
      headers: dsl,
      body,
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    expect(stored()).toBe(before);
  });

  it.each(["0", "-1", "NaN", "9e15", "x".repeat(500)])("incident id %s: a 4xx", async (id) => {
    const response = await fx.hub.app.request(`/api/incidents/${encodeURIComponent(id)}/attachments?name=a.txt`, {
      method: "POST",
      headers: dsl,
      body: "a note",
    });
    expect([400, 404]).toContain(response.status);
  });

  it("a page upload that is not a readable form, or holds no file, goes back with why", async () => {
    const errorOf = (response: Response) =>
      new URL(response.headers.get("location") ?? "", "http://hub").searchParams.get("error");
    const session = fx.sessions.dsl;
    const before = stored();
    const broken = await fx.hub.app.request(`/incidents/${site.incidentId}/attachments`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "multipart/form-data; boundary=nothing-here" },
      body: "--elsewhere\r\ngarbage",
    });
    expect(broken.status).toBe(303);
    expect(errorOf(broken)).toMatch(/^the form could not be read/);
    const form = new FormData();
    form.set("_csrf", session.csrf);
    form.set("file", new File(["<html><body>hi</body></html>"], "page.txt"));
    const html = await fx.hub.app.request(`/incidents/${site.incidentId}/attachments`, {
      method: "POST",
      headers: { cookie: session.cookie },
      body: form,
    });
    expect(html.status).toBe(415);
    const empty = new FormData();
    empty.set("_csrf", session.csrf);
    const none = await fx.hub.app.request(`/incidents/${site.incidentId}/attachments`, {
      method: "POST",
      headers: { cookie: session.cookie },
      body: empty,
    });
    expect(none.status).toBe(303);
    expect(errorOf(none)).toMatch(/^choose a file/);
    expect(stored()).toBe(before);
  });
});

describe("garbage roaming settings and profile requests: a clear 400, nothing stored", () => {
  const ict = { authorization: `Bearer ${fx.tokens["ict-admin"]}`, "content-type": "application/json" };
  const roaming = `/api/sites/${site.siteId}/roaming`;
  it.each([
    ["a host with markup", { host: "<script>alert(1)</script>.test" }],
    ["a host without a dot", { host: "localhost" }],
    ["a host with a path", { host: "doh.school.test/dns-query" }],
    ["an address that is not one", { host: "doh.school.test", address: "999.1.1.1" }],
    ["an unknown field", { host: "doh.school.test", token: "x" }],
  ])("%s", async (_name, body) => {
    const before = await (await fx.hub.app.request(roaming, { headers: ict })).json();
    const response = await fx.hub.app.request(roaming, { method: "PUT", headers: ict, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(await (await fx.hub.app.request(roaming, { headers: ict })).json()).toEqual(before);
  });

  it.each([{ format: "exe" }, { format: ["apple"] }, {}])("profile format %j: 400", async (body) => {
    const path = `/api/sites/${site.siteId}/devices/${site.deviceId}/roaming-profile`;
    const response = await fx.hub.app.request(path, { method: "POST", headers: ict, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
  });
});

describe("garbage people, devices and imports: a clear 400, nothing stored", () => {
  const dsl = { authorization: `Bearer ${fx.tokens.dsl}`, "content-type": "application/json" };
  const counts = () => [
    fx.hub.services.stores.people.all(site.siteId).length,
    fx.hub.services.stores.devices.all(site.siteId).length,
  ];
  const cases: [string, string, unknown][] = [
    ["a person without a name", "people", { displayName: "   " }],
    ["a person of an unknown kind", "people", { displayName: "A", kind: "robot" }],
    ["a person with a field the hub does not know", "people", { displayName: "A", shoeSize: 9 }],
    ["a person with 33 tags", "people", { displayName: "A", tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }],
    ["a person with a name of 201 characters", "people", { displayName: "x".repeat(201) }],
    ["a person whose tags are a string", "people", { displayName: "A", tags: "sen" }],
    ["a device with a malformed MAC", "devices", { mac: "zz:zz:zz:zz:zz:zz" }],
    ["a device owned by person 0", "devices", { ownerId: 0 }],
    ["a device owned by nobody there", "devices", { ownerId: 987654 }],
    ["an import without a mapping", "people/import", { csv: "Name\nA\n" }],
    ["an import whose csv is a number", "people/import", { csv: 7, mapping: { displayName: "Name" } }],
    ["an import mapping an unknown field", "people/import", { csv: "Name\nA\n", mapping: { shoe: "Name" } }],
    ["an empty import", "people/import", { csv: "", mapping: { displayName: "Name" }, dryRun: false }],
    ["a device import without a MAC column", "devices/import", { csv: "Host\nx\n", mapping: { hostname: "Host" } }],
    ["a header named twice", "people/import", { csv: "Name,Name\nA,B\n", mapping: { displayName: "Name" } }],
  ];
  it.each(cases)("%s", async (_name, path, body) => {
    const before = counts();
    const response = await fx.hub.app.request(`/api/sites/${site.siteId}/${path}`, {
      method: "POST",
      headers: dsl,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    expect(counts()).toEqual(before);
  });
});

describe("garbage to the annual review routes, as the roles that reach them: a clear 4xx", () => {
  const reviewRoutes = fx.hub.routes.filter((def) => def.path.includes("/annual-reviews") && def.method !== "GET");
  const BODIES = [
    "{}",
    "[]",
    "null",
    "{",
    '{"year":"2026"}',
    '{"year":1e400}',
    '{"reportId":-1}',
    '{"reportId":1e30}',
    '{"attendees":[{"name":"x","role":"head"}]}',
    '{"meetingOn":"31/12/2026"}',
    '{"what":"","owner":"x"}',
    '{"status":"maybe","what":"x","owner":"y"}',
    JSON.stringify({ decisions: "x".repeat(30_000) }),
  ];
  it.each(reviewRoutes.map((def) => [`${def.method} ${def.path}`, def] as const))("%s", async (_name, def) => {
    const token = def.path.endsWith("sign-governor") ? fx.tokens.board : fx.tokens.dsl;
    const failures: string[] = [];
    for (const url of [
      fill(def.path),
      fill(def.path).replace("/2026", "/1e400"),
      fill(def.path).replace("/2026", "/-1"),
    ])
      for (const body of BODIES) {
        const response = await fx.hub.app.request(url, {
          method: def.method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        });
        // An empty edit is a valid one (PUT replaces the fields with their defaults).
        const valid = body === "{}" && def.path.endsWith(":year") && url === fill(def.path);
        if (response.status >= 500 || (response.status < 400 && !valid))
          failures.push(`${response.status} ${url} ${body.slice(0, 60)}`);
      }
    expect(failures).toEqual([]);
  });
});

describe("garbage to the filtering check routes, as the roles and agents that reach them: a clear 400", () => {
  const call = (path: string, token: string, method: string, body: string) =>
    fx.hub.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
  const canaries = () => fx.hub.services.stores.checkCanaries.ofSite(site.siteId).length;
  const schedule = () => fx.hub.services.stores.checkCanaries.schedule(site.siteId);

  it.each([
    ["a category that is not locked", { category: "adult", name: "x.test" }],
    ["an unknown category", { category: "no-such", name: "x.test" }],
    ["a name that is not a host name", { category: "terrorism", name: "<script>" }],
    ["a single label", { category: "terrorism", name: "localhost" }],
    ["an address", { category: "terrorism", name: "192.0.2.1" }],
    ["a name of 300 characters", { category: "terrorism", name: `${"a".repeat(296)}.test` }],
    ["an unknown field", { category: "terrorism", name: "x.test", by: "me" }],
  ])("canary: %s", async (_name, body) => {
    const before = canaries();
    const response = await call(
      `/api/sites/${site.siteId}/check-canaries`,
      fx.tokens.dsl,
      "POST",
      JSON.stringify(body),
    );
    expect(response.status).toBe(400);
    expect(canaries()).toBe(before);
  });

  it.each([
    ["no day", { days: [], time: "10:00", enabled: true }],
    ["day 7", { days: [7], time: "10:00", enabled: true }],
    ["a time of 24:00", { days: [1], time: "24:00", enabled: true }],
    ["a time in words", { days: [1], time: "ten", enabled: true }],
    ["enabled as a string", { days: [1], time: "10:00", enabled: "yes" }],
  ])("schedule: %s", async (_name, body) => {
    const before = schedule();
    const path = `/api/sites/${site.siteId}/check-schedule`;
    const response = await call(path, fx.tokens["ict-admin"], "PUT", JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(schedule()).toEqual(before);
  });

  it("an agent's result that is not one: 400, and the run stays open", async () => {
    const { actions } = fx.hub;
    const { token } = actions.sites.issueEnrolmentToken(SYSTEM_ACTOR, { siteId: site.siteId });
    const { credential } = actions.agents.enrol({ token, name: "gw-garbage" });
    actions.filterChecks.requestNow(SYSTEM_ACTOR, { siteId: site.siteId });
    const open = await fx.hub.app.request("/api/agents/checks", { headers: { authorization: `Bearer ${credential}` } });
    const { runs } = (await open.json()) as { runs: { id: string }[] };
    expect(runs.length).toBeGreaterThan(0);
    const run = `/api/agents/checks/${runs[0]?.id}`;
    const item = { group: "students", kind: "popular", category: null, name: "a.test", canary: false };
    for (const body of [
      "{}",
      "[]",
      "{",
      '{"schemaVersion":2}',
      JSON.stringify({
        schemaVersion: 1,
        startedAt: "",
        finishedAt: "",
        listsVersion: "v",
        items: [{ ...item }],
        untested: [],
      }),
      JSON.stringify({
        ...{ schemaVersion: 1, startedAt: "", finishedAt: "", listsVersion: "v", untested: [] },
        items: [{ ...item, expected: "not-blocked", outcome: "exploded", pass: true }],
      }),
    ])
      expect((await call(run, credential, "POST", body)).status, body).toBe(400);
    expect(fx.hub.services.stores.filterChecks.get(runs[0]?.id ?? "")?.status).toBe("requested");
  });
});
