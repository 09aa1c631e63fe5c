import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLE_PERMISSIONS, ROLES, type Role } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { HubStore } from "../store/hub-store.ts";
import { grantToken } from "../testing/grant-token.ts";
import type { RouteDef } from "./route-def.ts";

const store = new HubStore(":memory:");
const { app, services, routes } = createHub({ store, log: pino({ level: "silent" }) });
const tokens = Object.fromEntries(ROLES.map((role) => [role, `fl_${role}-token-for-authorisation-tests`])) as Record<
  Role,
  string
>;
const params: Record<string, string> = { siteId: "school-a", incidentId: "1", tokenId: "no-such-token" };

function pathOf(def: RouteDef): string {
  return def.path.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? "unknown");
}

function send(def: RouteDef, headers: Record<string, string>) {
  return app.request(pathOf(def), {
    method: def.method,
    headers: { "content-type": "application/json", ...headers },
    ...(def.method === "GET" ? {} : { body: "{}" }),
  });
}

beforeAll(async () => {
  for (const role of ROLES) grantToken(store, tokens[role], role);
  services.enrolment.createSite("school-a", "School A");
  params.userId = (
    await services.users.create({ email: "target@school.test", name: "T", role: "board", sites: null })
  ).user.id;
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const agent = services.enrolment.enrol(token, "gw");
  params.agentId = agent.agentId;
  services.ingest.ingest(
    { id: agent.agentId, siteId: "school-a" },
    {
      schemaVersion: 1,
      events: [
        {
          id: "event-0000000001",
          time: Date.now(),
          clientAddress: "10.0.0.5",
          group: "students",
          hostname: null,
          mac: null,
          name: "bad.test",
          qtype: 1,
          outcome: "blocked",
          categories: ["self-harm"],
          monitored: [],
          list: "l",
          listVersion: "v",
          rule: "bad.test",
          locked: false,
          detail: null,
        },
      ],
    },
  );
});

const personRoutes = routes.filter((def) => def.access !== "public" && def.access !== "agent");

describe("authorisation, route by route and role by role", () => {
  it("covers every route of the API", () => {
    expect(personRoutes.length).toBeGreaterThan(25);
  });

  it.each(routes.filter((def) => def.access !== "public").map((def) => [`${def.method} ${def.path}`, def] as const))(
    "%s refuses an anonymous request with 401",
    async (_name, def) => {
      expect((await send(def, {})).status).toBe(401);
    },
  );

  const cases = personRoutes.flatMap((def) =>
    ROLES.map((role) => {
      const allowed = def.access === "signed-in" || ROLE_PERMISSIONS[role].includes(def.access as never);
      return [`${def.method} ${def.path} as ${role}: ${allowed ? "allowed" : "denied"}`, def, role, allowed] as const;
    }),
  );
  it.each(cases)("%s", async (_name, def, role, allowed) => {
    const response = await send(def, { authorization: `Bearer ${tokens[role]}` });
    if (allowed) expect([401, 403]).not.toContain(response.status);
    else {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/permission/);
    }
  });

  it("an agent credential does not open people's routes, nor a person's token the agents' routes", async () => {
    const { token } = services.enrolment.issueEnrolmentToken("school-a");
    const { credential } = services.enrolment.enrol(token, "gw-2");
    const incidents = await app.request("/api/incidents", { headers: { authorization: `Bearer ${credential}` } });
    expect(incidents.status).toBe(401);
    const policy = await app.request("/api/agents/policy", { headers: { authorization: `Bearer ${tokens.dsl}` } });
    expect(policy.status).toBe(401);
  });

  it("a user limited to other sites cannot see this site's incident or status", async () => {
    services.enrolment.createSite("school-b", "School B");
    grantToken(store, "fl_dsl-of-school-b-only", "dsl", ["school-b"]);
    const headers = { authorization: "Bearer fl_dsl-of-school-b-only" };
    expect((await app.request("/api/incidents/1", { headers })).status).toBe(404);
    expect((await app.request("/api/sites/school-a/status", { headers })).status).toBe(404);
    const list = (await (await app.request("/api/incidents", { headers })).json()) as { incidents: unknown[] };
    expect(list.incidents).toEqual([]);
  });
});

describe("CSRF: every state-changing route refuses a session without the token", () => {
  const sessions: Partial<Record<Role, { cookie: string; csrf: string }>> = {};
  beforeAll(async () => {
    for (const role of ["ict-admin", "dsl"] as const) {
      const email = `${role}-csrf@school.test`;
      await services.users.create({ email, name: role, role, sites: null, password: "a long enough password" });
      const response = await app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "a long enough password" }),
      });
      const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
      sessions[role] = { cookie, csrf: ((await response.json()) as { csrf: string }).csrf };
    }
  });

  const changing = personRoutes
    .filter((def) => def.method !== "GET" && def.path !== "/api/auth/logout")
    .map((def) => {
      const role: Role =
        def.access === "signed-in" || ROLE_PERMISSIONS["ict-admin"].includes(def.access as never) ? "ict-admin" : "dsl";
      return [`${def.method} ${def.path} (as ${role})`, def, role] as const;
    });

  it.each(changing)("%s", async (_name, def, role) => {
    const session = sessions[role] as { cookie: string; csrf: string };
    const without = await send(def, { cookie: session.cookie });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { message: string } }).error.message).toMatch(/CSRF/);
    const wrong = await send(def, { cookie: session.cookie, "x-csrf-token": "forged" });
    expect(wrong.status).toBe(403);
    const right = await send(def, { cookie: session.cookie, "x-csrf-token": session.csrf });
    expect([401, 403]).not.toContain(right.status);
  });
});
