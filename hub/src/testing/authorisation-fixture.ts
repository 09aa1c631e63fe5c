import { pino } from "pino";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import { type Actor, ROLES, type Role } from "../domain/roles.ts";
import { createHub, type Hub } from "../hub-app.ts";
import { DEFAULT_AUTH_SETTINGS } from "../services/auth-service.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { grantToken } from "./grant-token.ts";
import { identityRows } from "./identity-rows.ts";
import { wireEvent } from "./wire-event.ts";

/** One site's resources: what a user of another site must not reach. */
export interface SiteResources {
  siteId: string;
  siteName: string;
  agentId: string;
  incidentId: string;
  reportId: string;
  /** The SHA-256 of a file attached to the incident. */
  attachmentSha256: string;
  /** An address block only this site's policy holds: seen in a page, it is this site's data. */
  cidr: string;
  /** A client address only this site's events carry. */
  client: string;
  /** A person of this site (on the watch list, with a sanction in force) and a device they own; the person's name is only this site's. */
  personId: string;
  personName: string;
  deviceId: string;
  sanctionId: string;
  /** An action of the site's 2026 annual review record. */
  reviewActionId: string;
  /** A pending unblock request (category games: ICT's to decide). */
  requestId: string;
  /** The site's default weekly ICT report schedule. */
  scheduleId: string;
  /** A filtering check run asked of the site's agent, and a canary of the site. */
  runId: string;
  canaryId: string;
}

export interface Session {
  cookie: string;
  csrf: string;
}

export interface AuthorisationFixture {
  hub: Hub;
  /** Every role over every site (school-a's resources are the ones addressed). */
  tokens: Record<Role, string>;
  sessions: Record<Role, Session>;
  /** Every role limited to school-b. */
  limitedTokens: Record<Role, string>;
  limitedSessions: Record<Role, Session>;
  a: SiteResources;
  b: SiteResources;
  /** An account for the user-management routes and pages to act on. */
  targetUserId: string;
  /**
   * For a removal (DELETE, or a ".../delete" form) of a person, device or report schedule: the site
   * with a person, device and schedule of its own, made just before, so that every role's request finds one to remove.
   */
  forRemoval: (def: { method: string; path: string }, site: SiteResources) => SiteResources;
  /** Signs in afresh (for sign-out tests, which end the session). */
  signIn: (role: Role, limited: boolean) => Promise<Session>;
}

const PASSWORD = "a long enough password";

/**
 * A hub with two sites, each with an agent, an incident, a policy and a report, and users of
 * every role: over every site, and limited to school-b. For the route and page authorisation tests.
 */
export async function authorisationFixture(): Promise<AuthorisationFixture> {
  const { stores, file } = openTempStores();
  // In-process requests share one address: lift the per-address login limit for the many sign-ins.
  const settings = { auth: { ...DEFAULT_AUTH_SETTINGS, attemptsPerAddressPerMinute: 10_000 } };
  const hub = createHub({ stores, log: pino({ level: "silent" }), settings });
  const { services, actions } = hub;
  services.alerts.notify = () => {};
  let canaries = 0;
  // Straight to the store: a canary per removal request, past the per-category limit the action keeps.
  const addCanary = (siteId: string) => {
    const name = `canary-${++canaries}.${siteId}.test`;
    const at = new Date().toISOString();
    return String(stores.checkCanaries.add({ siteId, category: "terrorism", name, addedBy: "system", addedAt: at }));
  };
  const site = (siteId: string, siteName: string, octet: number): SiteResources => {
    actions.sites.create(SYSTEM_ACTOR, { id: siteId, name: siteName });
    const { token } = actions.sites.issueEnrolmentToken(SYSTEM_ACTOR, { siteId });
    const agent = actions.agents.enrol({ token, name: `gateway-of-${siteId}` });
    const client = `10.${octet}.0.5`;
    const rows = identityRows(file);
    const personId = rows.person(siteId, { displayName: `Pupil of ${siteId}`, username: `pupil-${octet}` });
    rows.close();
    const event = wireEvent({ clientAddress: client, categories: ["self-harm"], user: `pupil-${octet}` });
    actions.agents.sendEvents({ id: agent.agentId, siteId }, { schemaVersion: 3, events: [event] });
    const cidr = `10.${octet}.0.0/16`;
    const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student", cidrs: [cidr] }] };
    actions.policy.replace(SYSTEM_ACTOR, { siteId, policy, reason: "the first policy" });
    const [incident] = actions.incidents.list({ ...SYSTEM_ACTOR, sites: [siteId] });
    const note = Buffer.from(`a note attached to an incident of ${siteId}\n`);
    const { attachment } = actions.evidence.attach(SYSTEM_ACTOR, {
      id: Number(incident?.id),
      name: "note",
      bytes: note,
    });
    const device = actions.devices.create(SYSTEM_ACTOR, { siteId, device: { kind: "laptop", ownerId: personId } });
    const reviewOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    actions.personWatch.set(SYSTEM_ACTOR, { siteId, personId, reason: "worrying searches", reviewOn });
    const endsAt = new Date(Date.now() + 86_400_000).toISOString();
    const sanction = actions.sanctions.set(SYSTEM_ACTOR, { siteId, personId, reason: "misuse", endsAt, allow: [] });
    const request = actions.reviewRequests.requestFromForm({
      ...{ siteId, name: `games-of-${siteId}.test`, category: "games", reason: "a lesson" },
      clientAddress: `10.${octet}.0.9`,
    });
    const reader: Actor = { ...SYSTEM_ACTOR, sites: [siteId] };
    const report = actions.reports.generate(reader, { kind: "weekly-ict", sites: [siteId] });
    actions.annualReviews.create(SYSTEM_ACTOR, { siteId, year: 2026, decisions: `decided at ${siteName}` });
    const reviewAction = actions.annualReviews.addAction(SYSTEM_ACTOR, { siteId, year: 2026, what: "a", owner: "b" });
    const schedule = actions.reportSchedules
      .list(reader)
      .find((s) => s.kind === "weekly-ict" && s.sites.join() === siteId);
    const [run] = actions.filterChecks.requestNow(SYSTEM_ACTOR, { siteId });
    const canary = addCanary(siteId);
    return {
      siteId,
      siteName,
      agentId: agent.agentId,
      incidentId: String(incident?.id),
      reportId: String(report.id),
      attachmentSha256: attachment.sha256,
      cidr,
      client,
      personId: String(personId),
      personName: `Pupil of ${siteId}`,
      deviceId: String(device.id),
      sanctionId: String(sanction.id),
      reviewActionId: String(reviewAction?.id),
      requestId: String(request.id),
      scheduleId: String(schedule?.id),
      runId: String(run?.id),
      canaryId: canary,
    };
  };
  const a = site("school-a", "Alpha Academy", 11);
  const b = site("school-b", "Beta Primary", 22);

  const email = (role: Role, limited: boolean) => `${role}${limited ? "-of-b" : ""}@authorisation.test`;
  for (const role of ROLES)
    for (const limited of [false, true])
      await actions.users.create(SYSTEM_ACTOR, {
        email: email(role, limited),
        name: role,
        role,
        sites: limited ? [b.siteId] : null,
        password: PASSWORD,
      });
  const signIn = async (role: Role, limited: boolean): Promise<Session> => {
    const response = await hub.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: email(role, limited), password: PASSWORD }),
    });
    const cookie = (response.headers.get("set-cookie") as string).split(";")[0] as string;
    return { cookie, csrf: ((await response.json()) as { csrf: string }).csrf };
  };
  const byRole = async <T>(make: (role: Role) => T | Promise<T>) =>
    Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await make(role)]))) as Record<Role, T>;
  const tokens = await byRole((role) => {
    const token = `fl_${role}-token-for-authorisation-tests`;
    grantToken(stores, token, role);
    return token;
  });
  const limitedTokens = await byRole((role) => {
    const token = `fl_${role}-of-school-b-token-for-authorisation-tests`;
    grantToken(stores, token, role, [b.siteId]);
    return token;
  });
  const target = await actions.users.create(SYSTEM_ACTOR, {
    email: "target@authorisation.test",
    name: "Target",
    role: "board",
    sites: null,
  });
  return {
    hub,
    tokens,
    sessions: await byRole((role) => signIn(role, false)),
    limitedTokens,
    limitedSessions: await byRole((role) => signIn(role, true)),
    a,
    b,
    targetUserId: target.user.id,
    signIn,
    forRemoval: (def, site) => {
      const removal = def.method === "DELETE" || def.path.endsWith("/delete") || def.path.endsWith("/erase");
      if (removal && def.path.endsWith(":scheduleId")) {
        const weekly = { kind: "weekly-ict" as const, cron: "0 7 * * 1", roles: ["ict-admin" as const] };
        const schedule = actions.reportSchedules.add(SYSTEM_ACTOR, { ...weekly, sites: [site.siteId] });
        return { ...site, scheduleId: String(schedule.id) };
      }
      if (def.path.includes(":canaryId") && def.method !== "GET") return { ...site, canaryId: addCanary(site.siteId) };
      if (!removal || !/:(personId|deviceId)(\/(delete|erase))?$/.test(def.path)) return site;
      const person = actions.people.create(SYSTEM_ACTOR, { siteId: site.siteId, person: { displayName: "To remove" } });
      const device = actions.devices.create(SYSTEM_ACTOR, { siteId: site.siteId, device: {} });
      return { ...site, personId: String(person.id), deviceId: String(device.id) };
    },
  };
}

/** A path with its parameters filled in: the site's resources, and fixed values for the rest. */
export function fillPath(path: string, site: SiteResources, targetUserId: string): string {
  const values: Record<string, string> = {
    siteId: site.siteId,
    agentId: site.agentId,
    incidentId: site.incidentId,
    reportId: site.reportId,
    groupId: "students",
    userId: targetUserId,
    tokenId: "no-such-token",
    scheduleId: site.scheduleId,
    sha256: site.attachmentSha256,
    personId: site.personId,
    deviceId: site.deviceId,
    sanctionId: site.sanctionId,
    year: "2026",
    actionId: site.reviewActionId,
    requestId: site.requestId,
    runId: site.runId,
    canaryId: site.canaryId,
  };
  return path.replace(/:(\w+)/g, (_match, name: string) => {
    // Pages name their one parameter ":id": which resource depends on where it sits.
    if (name === "id") {
      if (path.startsWith("/incidents/")) return site.incidentId;
      if (path.startsWith("/reports/")) return site.reportId;
      if (path.startsWith("/users/")) return targetUserId;
      return "no-such-token";
    }
    return values[name] ?? "unknown";
  });
}

/** Whether a path names a resource of one site (so a user of another site must be told it does not exist). */
export function isSiteScoped(path: string): boolean {
  return /:(siteId|incidentId|reportId|scheduleId)\b/.test(path) || /^\/(incidents|reports)\/:id/.test(path);
}
