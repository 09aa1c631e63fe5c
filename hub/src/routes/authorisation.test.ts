import { describe, expect, it } from "vitest";
import { mayManageAccount } from "../domain/account-grants.ts";
import { ROLE_PERMISSIONS, ROLES, type Role } from "../domain/roles.ts";
import {
  type AuthorisationFixture,
  authorisationFixture,
  fillPath,
  isSiteScoped,
  type SiteResources,
} from "../testing/authorisation-fixture.ts";
import type { RouteDef } from "./route-def.ts";

// Built before the tests are collected: the routes themselves are the table the tests walk.
const fx: AuthorisationFixture = await authorisationFixture();
const { routes } = fx.hub;

/** Bodies that pass each route's schema, so the request reaches its action (and its site check). */
const BODIES: Record<string, unknown> = {
  "PUT /api/sites/:siteId/policy": {
    policy: { defaultGroup: "students", groups: [{ id: "students", kind: "student" }] },
    reason: "a reason long enough",
  },
  "POST /api/sites/:siteId/policy/lists": {
    group: "students",
    list: "block",
    add: ["blocked.test"],
    reason: "a reason long enough",
  },
  "POST /api/incidents/:incidentId/entries": { kind: "note", text: "a note" },
  "POST /api/incidents": {
    siteId: "school-a",
    kind: "other",
    concerns: { subject: "unknown" },
    reportedBy: "a colleague",
    occurredAt: "2026-07-01T10:30:00Z",
    whatHappened: "something worrying",
    immediateRisk: "no",
  },
  "PUT /api/users/:userId/role": { role: "board", sites: null },
  "PUT /api/report-schedules/:scheduleId": { time: "08:00", days: [1], roles: ["ict-admin"] },
  "PUT /api/sites/:siteId/roaming": { host: "doh.school.test", address: "192.0.2.53" },
  "POST /api/sites/:siteId/devices/:deviceId/roaming-profile": { format: "chrome" },
  "POST /api/sites/:siteId/people": { displayName: "A new pupil" },
  "PUT /api/sites/:siteId/people/:personId": { displayName: "An edited pupil", yearGroup: "Year 8" },
  "POST /api/sites/:siteId/people/import": { csv: "Name\nA pupil\n", mapping: { displayName: "Name" }, dryRun: true },
  "POST /api/sites/:siteId/devices/import": { csv: "MAC\naa:bb:cc:dd:ee:ff\n", mapping: { mac: "MAC" }, dryRun: true },
  "PUT /api/sites/:siteId/people/:personId/watch": { reason: "a reason", reviewOn: "2099-01-01" },
  "POST /api/sites/:siteId/people/:personId/sanctions": {
    reason: "a reason",
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    allow: ["school.example"],
  },
  "POST /api/sites/:siteId/annual-reviews": { year: 2031 },
  "PUT /api/sites/:siteId/annual-reviews/:year/report": { reportId: 1 },
  "POST /api/sites/:siteId/annual-reviews/:year/actions": { what: "an action", owner: "the DSL" },
  "PUT /api/sites/:siteId/annual-reviews/:year/actions/:actionId": { what: "an action", owner: "ICT", status: "done" },
  "POST /api/sites/:siteId/review-requests": { name: "got-through.test", reason: "a pupil found it" },
  "POST /api/sites/:siteId/review-requests/:requestId/approve": { scope: "site", minutes: 60, reason: "for a lesson" },
  "POST /api/sites/:siteId/review-requests/:requestId/refuse": { reason: "not for school" },
  "PUT /api/sites/:siteId/check-schedule": { days: [1, 3], time: "09:30", enabled: true },
  "POST /api/sites/:siteId/check-canaries": { category: "child-abuse", name: "test-canary.school.test" },
};

function send(def: RouteDef, site: SiteResources, headers: Record<string, string>) {
  const query = def.path === "/api/subject-access" ? `?client=${fx.a.client}` : "";
  return fx.hub.app.request(`${fillPath(def.path, fx.forRemoval(def, site), fx.targetUserId)}${query}`, {
    method: def.method,
    headers: { "content-type": "application/json", ...headers },
    ...(def.method === "GET" ? {} : { body: JSON.stringify(BODIES[`${def.method} ${def.path}`] ?? {}) }),
  });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const allows = (def: RouteDef, role: Role) =>
  def.access === "signed-in" || ROLE_PERMISSIONS[role].includes(def.access as never);
const personRoutes = routes.filter((def) => def.access !== "public" && def.access !== "agent");
const name = (def: RouteDef) => `${def.method} ${def.path}`;
/** ICT acknowledges only the alerts its route sent it (malware, say); the fixture's incident is not one. */
const offRoute = (path: string, role: Role) =>
  path.includes("acknowledge") && !ROLE_PERMISSIONS[role].includes("incidents:read");
/** A review request is decided by policy:manage, or people:safeguard in a sensitive category: the fixture's is ICT's. */
const notDecider = (path: string, role: Role) =>
  path.includes("/review-requests/:requestId/") && !ROLE_PERMISSIONS[role].includes("policy:manage");

describe("authorisation, route by route and role by role", () => {
  it("covers every route of the API", () => {
    expect(personRoutes.length).toBeGreaterThan(25);
  });

  it.each(routes.filter((def) => def.access !== "public").map((def) => [name(def), def] as const))(
    "%s refuses an anonymous request with 401",
    async (_name, def) => {
      expect((await send(def, fx.a, {})).status).toBe(401);
    },
  );

  const cases = personRoutes.flatMap((def) =>
    ROLES.map((role) => [`${name(def)} as ${role}: ${allows(def, role) ? "allowed" : "denied"}`, def, role] as const),
  );
  // The account the user routes act on is an all-sites board member: the ICT side's to manage.
  const refusedAccount = (def: RouteDef, role: Role) =>
    def.path.startsWith("/api/users/:userId") &&
    !mayManageAccount({ role, sites: null }, { role: "board", sites: null }).allowed;
  it.each(cases)("%s", async (_name, def, role) => {
    const response = await send(def, fx.a, bearer(fx.tokens[role]));
    if (allows(def, role) && notDecider(def.path, role)) {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/permission/);
    } else if (allows(def, role) && refusedAccount(def, role)) {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/may not manage/);
    } else if (allows(def, role)) expect([401, 403]).not.toContain(response.status);
    else {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/permission/);
    }
  });

  it("an agent credential does not open people's routes, nor a person's token the agents' routes", async () => {
    const { token } = fx.hub.actions.sites.issueEnrolmentToken(
      { userId: "t", email: "t", role: "ict-admin", sites: null },
      { siteId: fx.a.siteId },
    );
    const { credential } = fx.hub.actions.agents.enrol({ token, name: "gw-2" });
    const incidents = await fx.hub.app.request("/api/incidents", { headers: bearer(credential) });
    expect(incidents.status).toBe(401);
    const policy = await fx.hub.app.request("/api/agents/policy", { headers: bearer(fx.tokens.dsl) });
    expect(policy.status).toBe(401);
  });
});

describe("site scope: a user limited to school-b, route by route and role by role", () => {
  const scoped = personRoutes.filter((def) => isSiteScoped(def.path));
  const unscoped = personRoutes.filter((def) => !isSiteScoped(def.path) && def.method === "GET");
  const pairs = (defs: RouteDef[]) =>
    defs.flatMap((def) =>
      ROLES.filter((role) => allows(def, role)).map((role) => [`${name(def)} as ${role}`, def, role] as const),
    );

  it("covers every route naming a site, an incident or a report", () => {
    expect(scoped.length).toBeGreaterThanOrEqual(13);
    for (const path of ["attachments", "attachments/:sha256", "evidence-pack"])
      expect(scoped.map((def) => def.path)).toContain(`/api/incidents/:incidentId/${path}`);
  });

  it.each(pairs(scoped))("%s: school-a's resource does not exist", async (_name, def, role) => {
    const response = await send(def, fx.a, bearer(fx.limitedTokens[role]));
    expect(response.status).toBe(404);
    const text = await response.text();
    for (const secret of [fx.a.siteName, fx.a.cidr, fx.a.client, fx.a.agentId]) expect(text).not.toContain(secret);
  });

  it.each(pairs(scoped))("%s: school-b's own resource is reached", async (_name, def, role) => {
    const response = await send(def, fx.b, bearer(fx.limitedTokens[role]));
    if (notDecider(def.path, role)) return expect(response.status).toBe(403);
    expect([401, 403]).not.toContain(response.status);
    // A report is readable only with its kind's permission: without it, even one's own site's is "not found".
    const report = def.path.includes(":reportId");
    if (offRoute(def.path, role)) expect(response.status).toBe(404);
    else if (!report || ROLE_PERMISSIONS[role].includes("reports:aggregate")) expect(response.status).not.toBe(404);
  });

  // The audit trail too: a site-limited auditor reads only its sites' entries.
  const lists = unscoped.filter((def) => def.path !== "/api/subject-access");
  it.each(pairs(lists))("%s: shows nothing of school-a", async (_name, def, role) => {
    const response = await send(def, fx.b, bearer(fx.limitedTokens[role]));
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const secret of [fx.a.siteId, fx.a.siteName, fx.a.cidr, fx.a.client, fx.a.agentId])
      expect(text).not.toContain(secret);
  });

  it("a subject-access export and an event search hold nothing of school-a", async () => {
    const exported = await fx.hub.app.request(`/api/subject-access?client=${fx.a.client}`, {
      headers: bearer(fx.limitedTokens.dsl),
    });
    expect(await exported.json()).toMatchObject({ events: [], incidents: [] });
    const filtered = await fx.hub.app.request(`/api/events?site=${fx.a.siteId}`, {
      headers: bearer(fx.limitedTokens.dsl),
    });
    expect(filtered.status).toBe(404);
    const own = (await (await fx.hub.app.request("/api/events", { headers: bearer(fx.limitedTokens.dsl) })).json()) as {
      events: { siteId: string }[];
    };
    expect(own.events.length).toBeGreaterThan(0);
    expect(own.events.every((e) => e.siteId === fx.b.siteId)).toBe(true);
  });
});

describe("CSRF: every state-changing route refuses a session without the token", () => {
  const changing = personRoutes
    .filter((def) => def.method !== "GET" && def.path !== "/api/auth/logout")
    .map((def) => {
      const role: Role = (["ict-admin", "dsl", "board"] as const).find((r) => allows(def, r)) ?? "dsl";
      return [`${name(def)} (as ${role})`, def, role] as const;
    });

  it.each(changing)("%s", async (_name, def, role) => {
    const session = fx.sessions[role];
    const without = await send(def, fx.a, { cookie: session.cookie });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { message: string } }).error.message).toMatch(/CSRF/);
    const wrong = await send(def, fx.a, { cookie: session.cookie, "x-csrf-token": "forged" });
    expect(wrong.status).toBe(403);
    const right = await send(def, fx.a, { cookie: session.cookie, "x-csrf-token": session.csrf });
    expect([401, 403]).not.toContain(right.status);
  });
});

describe("reported concerns: the staff role and restricted incidents", () => {
  const call = (path: string, token: string, body?: unknown) =>
    fx.hub.app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { ...bearer(token), "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const concern = BODIES["POST /api/incidents"] as Record<string, unknown>;

  it("a user limited to school-b cannot report at school-a: it does not exist for them", async () => {
    const response = await call("/api/incidents", fx.limitedTokens.staff, concern);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(fx.a.siteName);
  });

  it("staff see what they reported and nothing of the DSL's: not the queue, not an incident", async () => {
    const made = await call("/api/incidents", fx.tokens.staff, { ...concern, kind: "cyberbullying" });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    const mine = (await (await call("/api/my-reports", fx.tokens.staff)).json()) as { reports: { id: number }[] };
    expect(mine.reports.map((r) => r.id)).toContain(id);
    const others = (await (await call("/api/my-reports", fx.tokens.dsl)).json()) as { reports: { id: number }[] };
    expect(others.reports.map((r) => r.id)).not.toContain(id);
    expect((await call(`/api/incidents/${id}`, fx.tokens.staff)).status).toBe(403);
    expect((await call("/api/incidents", fx.tokens.staff)).status).toBe(403);
  });

  it("a concern about a member of staff is not found, and not listed, for a deputy; the DSL reaches it", async () => {
    const made = await call("/api/incidents", fx.tokens.staff, { ...concern, kind: "staff-concern" });
    const { id } = (await made.json()) as { id: number };
    const hidden = await call(`/api/incidents/${id}`, fx.tokens["deputy-dsl"]);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { message: string } }).error.message).toBe(`no incident ${id}`);
    const entry = await call(`/api/incidents/${id}/entries`, fx.tokens["deputy-dsl"], { kind: "note", text: "x" });
    expect(entry.status).toBe(404);
    expect((await call(`/api/incidents/${id}/evidence-pack`, fx.tokens["deputy-dsl"])).status).toBe(404);
    expect((await call(`/api/incidents/${id}/evidence-pack`, fx.tokens.dsl)).status).toBe(200);
    const listed = (await (await call("/api/incidents", fx.tokens["deputy-dsl"])).json()) as {
      incidents: { id: number }[];
    };
    expect(listed.incidents.map((i) => i.id)).not.toContain(id);
    expect((await call(`/api/incidents/${id}`, fx.tokens.dsl)).status).toBe(200);
  });
});

describe("evidence: an incident's files and pack go only to the DSL roles at its site", () => {
  const get = (path: string, token: string) => fx.hub.app.request(path, { headers: bearer(token) });
  const fileOf = (site: SiteResources) => `/api/incidents/${site.incidentId}/attachments/${site.attachmentSha256}`;
  const packOf = (site: SiteResources) => `/api/incidents/${site.incidentId}/evidence-pack`;

  it.each(["ict-admin", "board", "auditor", "staff"] as const)("%s is refused both", async (role) => {
    expect((await get(fileOf(fx.a), fx.tokens[role])).status).toBe(403);
    expect((await get(packOf(fx.a), fx.tokens[role])).status).toBe(403);
  });

  it("a DSL of school-b is told school-a's do not exist, and gets its own", async () => {
    const token = fx.limitedTokens.dsl;
    expect((await get(fileOf(fx.a), token)).status).toBe(404);
    expect((await get(packOf(fx.a), token)).status).toBe(404);
    const own = await get(fileOf(fx.b), token);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(fx.b.siteId);
    const pack = await get(packOf(fx.b), token);
    expect(pack.status).toBe(200);
    expect(pack.headers.get("x-manifest-sha256")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("an upload to another site's incident is refused before its body is stored", async () => {
    const before = fx.hub.services.attachments.list(Number(fx.a.incidentId)).length;
    const response = await fx.hub.app.request(`/api/incidents/${fx.a.incidentId}/attachments?name=x.txt`, {
      method: "POST",
      headers: bearer(fx.limitedTokens.dsl),
      body: "a note for another site",
    });
    expect(response.status).toBe(404);
    expect(fx.hub.services.attachments.list(Number(fx.a.incidentId))).toHaveLength(before);
  });
});

describe("roaming tokens and profiles: devices:manage at the device's own site", () => {
  const call = (path: string, token: string, method = "GET", body?: unknown) =>
    fx.hub.app.request(path, {
      method,
      headers: { ...bearer(token), "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const tokensOf = (site: SiteResources) => `/api/sites/${site.siteId}/devices/${site.deviceId}/roaming-tokens`;

  it.each(["board", "auditor", "staff"] as const)("%s is refused issuing, listing and revoking (403)", async (role) => {
    expect((await call(tokensOf(fx.a), fx.tokens[role], "POST")).status).toBe(403);
    expect((await call(tokensOf(fx.a), fx.tokens[role])).status).toBe(403);
    expect((await call(`${tokensOf(fx.a)}/1`, fx.tokens[role], "DELETE")).status).toBe(403);
  });

  it("ICT issues a token at its site; one limited to school-b is told school-a's device does not exist", async () => {
    const issued = await call(tokensOf(fx.a), fx.tokens["ict-admin"], "POST");
    expect(issued.status).toBe(201);
    expect(((await issued.json()) as { token: string }).token).toMatch(/^fldoh_[A-Za-z0-9_-]{43}$/);
    expect((await call(tokensOf(fx.a), fx.limitedTokens["ict-admin"], "POST")).status).toBe(404);
    expect((await call(tokensOf(fx.b), fx.limitedTokens["ict-admin"], "POST")).status).toBe(201);
  });

  it("a device named under another site's path does not exist there", async () => {
    const crossed = `/api/sites/${fx.b.siteId}/devices/${fx.a.deviceId}/roaming-tokens`;
    expect((await call(crossed, fx.tokens["ict-admin"], "POST")).status).toBe(404);
    const profile = `/api/sites/${fx.b.siteId}/devices/${fx.a.deviceId}/roaming-profile`;
    expect((await call(profile, fx.tokens.dsl, "POST", { format: "apple" })).status).toBe(404);
  });
});

describe("coverage: policy:read at the site's own scope", () => {
  const coverage = (siteId: string, token: string) =>
    fx.hub.app.request(`/api/sites/${siteId}/coverage`, { headers: bearer(token) });

  it("is in the table the tests above walk, site-scoped", () => {
    const def = routes.find((d) => d.path === "/api/sites/:siteId/coverage");
    expect(def?.access).toBe("policy:read");
    expect(isSiteScoped(def?.path ?? "")).toBe(true);
  });

  it.each(["board", "staff"] as const)("%s is refused (403)", async (role) => {
    expect((await coverage(fx.a.siteId, fx.tokens[role])).status).toBe(403);
  });

  it("the auditor reads it; a user limited to school-b is told school-a does not exist; an unknown site is 404", async () => {
    const read = await coverage(fx.a.siteId, fx.tokens.auditor);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { categories: unknown[] }).categories.length).toBeGreaterThan(10);
    expect((await coverage(fx.a.siteId, fx.limitedTokens["ict-admin"])).status).toBe(404);
    expect((await coverage(fx.b.siteId, fx.limitedTokens["ict-admin"])).status).toBe(200);
    expect((await coverage("no-such-site", fx.tokens["ict-admin"])).status).toBe(404);
  });
});
