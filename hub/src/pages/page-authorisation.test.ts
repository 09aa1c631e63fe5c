import { describe, expect, it } from "vitest";
import { ROLE_PERMISSIONS, ROLES, type Role } from "../domain/roles.ts";
import {
  type AuthorisationFixture,
  authorisationFixture,
  fillPath,
  isSiteScoped,
  type Session,
  type SiteResources,
} from "../testing/authorisation-fixture.ts";
import type { PageDef } from "./page-def.ts";

// Built before the tests are collected: the pages themselves are the table the tests walk.
const fx: AuthorisationFixture = await authorisationFixture();
const { pages } = fx.hub;

/** Forms that pass each page's schema, so the request reaches its action (and its site check). */
function formFor(def: PageDef, site: SiteResources): Record<string, string> {
  switch (def.path) {
    case "/sites/:siteId/policy":
      return {
        policy: `defaultGroup: students\ngroups:\n  - id: students\n    kind: student\n    cidrs: [${site.cidr}]\n`,
        reason: "a reason long enough",
      };
    case "/sites/:siteId/policy/lists":
      return { group: "students", list: "block", add: "blocked.test", reason: "a reason long enough" };
    case "/sites/:siteId/policy/groups/:groupId":
      return {
        kind: "student",
        blockMode: "blockpage",
        safeSearch: "on",
        youtube: "strict",
        cidrs: site.cidr,
        reason: "a reason long enough",
      };
    case "/incidents/:id/entries":
      return { kind: "note", text: "a note" };
    case "/sites/:siteId/roaming":
      return { host: "doh.school.test", address: "192.0.2.53" };
    case "/incidents/:id/person/watch":
      return { reason: "a reason", reviewOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) };
    case "/incidents/:id/person/sanctions":
      return { reason: "a reason", endsAt: new Date(Date.now() + 86_400_000).toISOString(), allow: "" };
    case "/incidents/:id/person/sanctions/lift":
      return { sanctionId: site.sanctionId };
    case "/review-requests/mine":
      return { siteId: site.siteId, name: `slipped-${site.siteId}.test`, reason: "a pupil found it" };
    case "/report":
      return {
        siteId: site.siteId,
        kind: "other",
        subject: "unknown",
        reportedBy: "a colleague",
        occurredAt: "2026-07-01T10:30",
        whatHappened: "something worrying",
        immediateRisk: "no",
        illegalMaterial: "no",
      };
    case "/sites/:siteId/check-schedule":
      return { "day.1": "yes", time: "09:30", enabled: "yes" };
    case "/sites/:siteId/checks/canaries":
      return { category: "child-abuse", name: "page-canary.school.test" };
    default:
      return {};
  }
}

async function open(def: PageDef, site: SiteResources, session: Session | null, csrf = session?.csrf) {
  const path = fillPath(def.path, fx.forRemoval(def, site), fx.targetUserId);
  const headers = session ? { cookie: session.cookie } : undefined;
  if (def.method === "GET") return fx.hub.app.request(path, { headers });
  const form = new URLSearchParams({ ...formFor(def, site), ...(csrf ? { _csrf: csrf } : {}) });
  return fx.hub.app.request(path, { method: "POST", headers, body: form });
}
// Signing out ends the session: each sign-out test signs in afresh.
const sessionFor = async (def: PageDef, role: Role, limited: boolean) =>
  def.path === "/logout" ? fx.signIn(role, limited) : limited ? fx.limitedSessions[role] : fx.sessions[role];
const allows = (def: PageDef, role: Role) =>
  def.access === "signed-in" || ROLE_PERMISSIONS[role].includes(def.access as never);
const toSignIn = (response: Response) =>
  response.status === 303 && (response.headers.get("location") ?? "").startsWith("/login?next=");
const guarded = pages.filter((def) => def.access !== "public");
const name = (def: PageDef) => `${def.method} ${def.path}`;

describe("page authorisation, page by page and role by role", () => {
  it("covers every page of the dashboard", () => {
    expect(guarded.length).toBeGreaterThanOrEqual(28);
    expect(guarded.find((def) => def.path === "/sites/:siteId/coverage")?.access).toBe("policy:read");
  });

  it.each(guarded.map((def) => [name(def), def] as const))(
    "%s sends an anonymous visitor to sign in",
    async (_n, def) => {
      expect(toSignIn(await open(def, fx.a, null))).toBe(true);
    },
  );

  const cases = guarded.flatMap((def) =>
    ROLES.map((role) => [`${name(def)} as ${role}: ${allows(def, role) ? "allowed" : "denied"}`, def, role] as const),
  );
  it.each(cases)("%s", async (_n, def, role) => {
    const response = await open(def, fx.a, await sessionFor(def, role, false));
    expect(toSignIn(response)).toBe(false);
    if (allows(def, role)) expect(response.status).not.toBe(403);
    else {
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/does not include this/);
    }
  });

  const forms = guarded.filter((def) => def.method === "POST" && def.path !== "/logout");
  it.each(forms.map((def) => [name(def), def] as const))(
    "%s refuses a form without its CSRF token",
    async (_n, def) => {
      const role = ROLES.find((r) => allows(def, r)) as Role;
      const response = await open(def, fx.a, fx.sessions[role], "forged");
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/security token did not match/);
    },
  );

  it("an API token does not open pages: they need a signed-in session", async () => {
    const response = await fx.hub.app.request("/sites", {
      headers: { authorization: `Bearer ${fx.tokens["ict-admin"]}` },
    });
    expect(toSignIn(response)).toBe(true);
  });
});

describe("page site scope: a user limited to school-b, page by page and role by role", () => {
  const pairs = (defs: PageDef[]) =>
    defs.flatMap((def) =>
      ROLES.filter((role) => allows(def, role)).map((role) => [`${name(def)} as ${role}`, def, role] as const),
    );
  const scoped = guarded.filter((def) => isSiteScoped(def.path));
  const secrets = [fx.a.siteName, fx.a.cidr, fx.a.client, fx.a.agentId];

  it("covers every page naming a site, an incident or a report", () => {
    expect(scoped.length).toBeGreaterThanOrEqual(10);
  });

  it.each(pairs(scoped))("%s: school-a's resource does not exist", async (_n, def, role) => {
    const response = await open(def, fx.a, fx.limitedSessions[role]);
    expect(response.status).toBe(404);
    const text = await response.text();
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it.each(pairs(scoped))("%s: school-b's own resource is reached", async (_n, def, role) => {
    const response = await open(def, fx.b, fx.limitedSessions[role]);
    expect(response.status).not.toBe(403);
    const report = def.path.startsWith("/reports/");
    // ICT acknowledges only the alerts its route sent it (malware, say); the fixture's incident is not one.
    const offRoute = def.path.includes("acknowledge") && !ROLE_PERMISSIONS[role].includes("incidents:read");
    if (offRoute) expect(response.status).toBe(404);
    else if (!report || ROLE_PERMISSIONS[role].includes("reports:aggregate")) expect(response.status).not.toBe(404);
  });

  // The audit log too: a site-limited auditor reads only its sites' entries.
  const lists = guarded.filter((def) => def.method === "GET" && !isSiteScoped(def.path));
  it.each(pairs(lists))("%s: shows nothing of school-a", async (_n, def, role) => {
    const response = await open(def, fx.b, fx.limitedSessions[role]);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const secret of [...secrets, fx.a.siteId]) expect(text).not.toContain(secret);
  });

  it("the policy-group page does not show, nor save, another site's group", async () => {
    const session = fx.limitedSessions["ict-admin"];
    const other = await fx.hub.app.request(`/sites/${fx.a.siteId}/policy/groups/students`, {
      headers: { cookie: session.cookie },
    });
    expect(other.status).toBe(404);
    const text = await other.text();
    expect(text).not.toContain(fx.a.cidr);
    expect(text).not.toContain('name="cidrs"');
    const before = fx.hub.services.policies.current(fx.a.siteId);
    const saved = await fx.hub.app.request(`/sites/${fx.a.siteId}/policy/groups/students`, {
      method: "POST",
      headers: { cookie: session.cookie },
      body: new URLSearchParams({
        _csrf: session.csrf,
        kind: "staff",
        cidrs: "10.99.0.0/16",
        reason: "not my site at all",
      }),
    });
    expect(saved.status).toBe(404);
    expect(fx.hub.services.policies.current(fx.a.siteId)).toEqual(before);
    const own = await fx.hub.app.request(`/sites/${fx.b.siteId}/policy/groups/students`, {
      headers: { cookie: session.cookie },
    });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(fx.b.cidr);
  });
});

describe("reporting a concern through the pages", () => {
  const post = (session: Session, form: Record<string, string>) =>
    fx.hub.app.request("/report", {
      method: "POST",
      headers: { cookie: session.cookie },
      body: new URLSearchParams({ ...formFor({ path: "/report" } as PageDef, fx.a), ...form, _csrf: session.csrf }),
    });

  it("a staff report lands under the concerns they reported; a refused one keeps what was typed", async () => {
    const refused = await post(fx.sessions.staff, { occurredAt: "not a time", whatHappened: "kept text 81c" });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain("kept text 81c");
    expect(text).toMatch(/occurredAt/);
    const sent = await post(fx.sessions.staff, { whatHappened: "a concern 5d2" });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toMatch(/^\/my-reports\?done=/);
    const mine = await fx.hub.app.request("/my-reports", { headers: { cookie: fx.sessions.staff.cookie } });
    expect(await mine.text()).toContain("Other");
  });

  it("a concern about a member of staff: the deputy's incident page does not find it", async () => {
    const sent = await post(fx.sessions.staff, { kind: "staff-concern" });
    expect(sent.status).toBe(303);
    const staff = { userId: "staff", email: "staff@authorisation.test", role: "staff", sites: null } as const;
    const id = fx.hub.actions.incidentReports.myReports(staff)[0]?.id as number;
    const deputy = await fx.hub.app.request(`/incidents/${id}`, {
      headers: { cookie: fx.sessions["deputy-dsl"].cookie },
    });
    expect(deputy.status).toBe(404);
    const dsl = await fx.hub.app.request(`/incidents/${id}`, { headers: { cookie: fx.sessions.dsl.cookie } });
    expect(dsl.status).toBe(200);
    expect(await dsl.text()).toContain("Concern about a member of staff");
  });
});

describe("incident evidence pages: a file is uploaded, and downloaded, only at one's own sites", () => {
  const upload = (site: SiteResources, session: Session, text: string) => {
    const form = new FormData();
    form.set("_csrf", session.csrf);
    form.set("file", new File([text], "note.txt", { type: "text/plain" }));
    return fx.hub.app.request(`/incidents/${site.incidentId}/attachments`, {
      method: "POST",
      headers: { cookie: session.cookie },
      body: form,
    });
  };
  const attached = (site: SiteResources) => fx.hub.services.attachments.list(Number(site.incidentId)).length;

  it("a DSL of school-b attaches a file to school-b's incident, and not to school-a's", async () => {
    const session = fx.limitedSessions.dsl;
    const [beforeA, beforeB] = [attached(fx.a), attached(fx.b)];
    const other = await upload(fx.a, session, "not my site's incident\n");
    expect(other.status).toBe(404);
    expect(attached(fx.a)).toBe(beforeA);
    const own = await upload(fx.b, session, "my site's incident\n");
    expect(own.status).toBe(303);
    expect(own.headers.get("location")).toMatch(new RegExp(`^/incidents/${fx.b.incidentId}\\?done=Attached`));
    expect(attached(fx.b)).toBe(beforeB + 1);
  });

  it.each(["ict-admin", "board", "auditor", "staff"] as const)(
    "%s gets neither an attachment nor the evidence pack",
    async (role) => {
      const headers = { cookie: fx.sessions[role].cookie };
      const file = await fx.hub.app.request(`/incidents/${fx.a.incidentId}/attachments/${fx.a.attachmentSha256}`, {
        headers,
      });
      expect(file.status).toBe(403);
      const pack = await fx.hub.app.request(`/incidents/${fx.a.incidentId}/evidence-pack`, { headers });
      expect(pack.status).toBe(403);
    },
  );

  it("the DSL downloads the attachment and the pack, as downloads only", async () => {
    const headers = { cookie: fx.sessions.dsl.cookie };
    const file = await fx.hub.app.request(`/incidents/${fx.a.incidentId}/attachments/${fx.a.attachmentSha256}`, {
      headers,
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="note.txt"$/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toMatch(/\bsandbox\b/);
    expect(await file.text()).toContain(fx.a.siteId);
    const pack = await fx.hub.app.request(`/incidents/${fx.a.incidentId}/evidence-pack`, { headers });
    expect(pack.status).toBe(200);
    expect(pack.headers.get("content-type")).toBe("application/zip");
    expect(pack.headers.get("content-disposition")).toMatch(/^attachment; filename="incident-\d+-evidence-.*\.zip"$/);
  });
});
