import { join } from "node:path";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { identityRows } from "@fenceline/hub/src/testing/identity-rows.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { EVENT_SCHEMA_VERSION } from "@fenceline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

const DSL = "fl_dsl-token-for-person-history-e2e";
const PASSWORD = "a long person history password";

/**
 * A hub on real HTTP with school-a's agent enrolled; Jo (Year 10, tutor group 10R) has a laptop
 * and a phone in the hub's device table. The agent sends Jo's look-ups from both devices, on
 * different addresses and days, as it would: by hardware address, or by the RADIUS user name.
 */
let url = "";
let hub: Awaited<ReturnType<typeof hubWithAgent>>;
let server: { close: () => Promise<void> };
let jo = 0;
const ids: number[] = [];

async function api(path: string, init: RequestInit & { token?: string } = {}) {
  const { token = DSL, ...rest } = init;
  return fetch(`${url}${path}`, {
    ...rest,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  });
}

async function sendAsAgent(events: ReturnType<typeof wireEvent>[]) {
  const response = await api("/api/agents/events", {
    method: "POST",
    token: hub.credential,
    body: JSON.stringify({ schemaVersion: EVENT_SCHEMA_VERSION, events }),
  });
  expect(response.status).toBe(200);
}

/** The incident page as a signed-in DSL reads it, as text. */
async function incidentPageText(id: number): Promise<string> {
  const login = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: "dsl@person-history.test", password: PASSWORD, next: "/" }),
  });
  const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
  const html = await (await fetch(`${url}/incidents/${id}`, { headers: { cookie } })).text();
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

beforeAll(async () => {
  hub = await hubWithAgent();
  grantToken(hub.stores, DSL, "dsl");
  await hub.services.users.create({
    email: "dsl@person-history.test",
    name: "DSL",
    role: "dsl",
    sites: null,
    password: PASSWORD,
  });
  const rows = identityRows(join(hub.work, "hub.sqlite"));
  jo = rows.person("school-a", {
    displayName: "Jo Learner",
    username: "jo.l",
    yearGroup: "Year 10",
    tutorGroup: "10R",
  });
  rows.device("school-a", { mac: "b8:27:eb:00:00:01", ownerId: jo, hostname: "jo-laptop" });
  rows.device("school-a", { mac: "b8:27:eb:00:00:02", ownerId: jo, hostname: "jo-phone" });
  rows.close();
  const port = await freePort();
  server = await serveHub(hub.app.fetch, port);
  url = `http://127.0.0.1:${port}`;
  const hour = 3_600_000;
  const start = Date.now() - 30 * hour;
  // Yesterday from the laptop; today from the phone (another address) and the laptop again, by user name.
  await sendAsAgent([
    wireEvent({ time: start, clientAddress: "10.0.1.20", mac: "b8:27:eb:00:00:01", categories: ["adult"] }),
  ]);
  await sendAsAgent([
    wireEvent({
      time: start + 24 * hour,
      clientAddress: "10.0.7.41",
      mac: "b8:27:eb:00:00:02",
      categories: ["self-harm"],
    }),
    wireEvent({
      time: start + 24 * hour + 120_000,
      clientAddress: "10.0.1.33",
      user: "JO.L",
      categories: ["self-harm"],
    }),
  ]);
  // A neighbour on the same subnet, unknown to the hub.
  await sendAsAgent([wireEvent({ time: start + 24 * hour, clientAddress: "10.0.1.34", categories: ["self-harm"] })]);
  const listed = (await (await api("/api/incidents")).json()) as { incidents: { id: number }[] };
  ids.push(...listed.incidents.map((i) => i.id));
});

afterAll(async () => {
  await server?.close();
  hub?.stores.close();
});

describe("one person behind two devices, end to end", () => {
  it("raises one incident for both devices today, and shows yesterday's as the person's history on its page", async () => {
    const incidents = hub.stores.incidents.list({ sites: null, limit: 10 });
    const joToday = incidents.find((i) => i.personId === jo && i.category === "self-harm");
    const joYesterday = incidents.find((i) => i.personId === jo && i.category === "adult");
    expect(incidents).toHaveLength(3);
    expect(joToday?.eventCount).toBe(2);
    const text = await incidentPageText(Number(joToday?.id));
    expect(text).toContain("person Jo Learner (Year 10, 10R)");
    expect(text).toContain("Person: Jo Learner (Year 10, 10R)");
    const history = text.slice(text.indexOf("Earlier incidents of this person"));
    expect(history).toMatch(
      new RegExp(
        `^Earlier incidents of this person Incident First look-up Site Category or kind Severity State Device or client #${joYesterday?.id} `,
      ),
    );
    expect(history).not.toContain("10.0.1.34");
  });

  it("puts the watched person in the generated DSL digest, with what is new for them", async () => {
    const reviewOn = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const watch = await api(`/api/sites/school-a/people/${jo}/watch`, {
      method: "PUT",
      body: JSON.stringify({ reason: "self-harm searches on two devices", reviewOn }),
    });
    expect(watch.status).toBe(200);
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const made = await api("/api/reports", { method: "POST", body: JSON.stringify({ kind: "dsl-digest", from, to }) });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    const csv = await (await api(`/api/reports/${id}/download?format=csv`)).text();
    expect(csv).toContain(`"Jo Learner (Year 10, 10R)",school-a,self-harm searches on two devices,${reviewOn},2,3`);
    expect(csv).toContain(`"Jo Learner (Year 10, 10R)",2`);
  });

  it("sanctions the person: in what the agent receives (or the store), in the change log, then lifted by the sweep at its end", async () => {
    const endsAt = new Date(Date.now() + 2500).toISOString();
    const joToday = hub.stores.incidents
      .list({ sites: null, limit: 10 })
      .find((i) => i.category === "self-harm" && i.personId === jo);
    const set = await api(`/api/sites/school-a/people/${jo}/sanctions`, {
      method: "POST",
      body: JSON.stringify({
        reason: "agreed with parents",
        endsAt,
        allow: ["classroom.google.com"],
        incidentId: joToday?.id,
      }),
    });
    expect(set.status).toBe(201);
    const sanction = (await set.json()) as { id: number };
    // The policy the agent polls: a hub policy first, so there is one to send.
    const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student", cidrs: ["10.0.0.0/16"] }] };
    const saved = await api("/api/sites/school-a/policy", {
      method: "PUT",
      token: HUB_ADMIN,
      body: JSON.stringify({ policy, reason: "the first policy" }),
    });
    expect(saved.status).toBe(200);
    const polled = (await (await api("/api/agents/policy", { token: hub.credential })).json()) as {
      policy: { identity?: { people: { id: string; sanction?: { until: number; allow: string[] } }[] } };
    };
    if (polled.policy.identity) {
      const person = polled.policy.identity.people.find((p) => p.id === String(jo));
      expect(person?.sanction).toEqual({ until: Date.parse(endsAt), allow: ["classroom.google.com"] });
    } else {
      expect(hub.stores.sanctions.get(sanction.id)).toMatchObject({ endsAt, liftedAt: null });
    }
    const changes = (await (await api("/api/sites/school-a/policy/changes", { token: HUB_ADMIN })).json()) as {
      changes: { reason: string }[];
    };
    expect(changes.changes.map((c) => c.reason)).toContainEqual(
      expect.stringMatching(new RegExp(`^sanction #${sanction.id} set for person #${jo} until`)),
    );
    await hub.services.alertSweeper.sweep();
    expect(hub.stores.sanctions.get(sanction.id)?.liftedAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, Date.parse(endsAt) - Date.now() + 100));
    await hub.services.alertSweeper.sweep();
    await hub.services.alertSweeper.sweep();
    expect(hub.stores.sanctions.get(sanction.id)).toMatchObject({
      liftedAt: endsAt,
      liftedBy: "system (sanction ended)",
    });
    const after = (await (await api("/api/sites/school-a/policy/changes", { token: HUB_ADMIN })).json()) as {
      changes: { reason: string }[];
    };
    expect(
      after.changes.filter((c) => c.reason === `sanction #${sanction.id} for person #${jo} lifted (ended)`),
    ).toHaveLength(1);
    const text = await incidentPageText(Number(joToday?.id));
    expect(text).toContain(`Sanction #${sanction.id} lifted (ended).`);
  });
});
