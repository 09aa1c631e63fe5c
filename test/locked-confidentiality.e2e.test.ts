import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPORT_KINDS } from "@fenceline/hub/src/domain/report-document.ts";
import { createHub, type Hub } from "@fenceline/hub/src/hub-app.ts";
import { findChromium } from "@fenceline/hub/src/reports/render-pdf.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { addPasswordUser, TEST_PASSWORD } from "@fenceline/hub/src/testing/password-user.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A name on the IWF's list may be seen by the DSL roles only: every other role, in every report,
// export, page and API answer it may read, sees "locked list entry" with the category instead.
const SECRET_NAME = "locked-secret-name.test";
const SECRET_RULE = "locked-secret-rule.test";
/** The site's own canary for the IWF category: a filtering check tests it; DSL roles only see it. */
const SECRET_CANARY = "locked-canary-name.test";
const MASK = "locked list entry";
const work = mkdtempSync(join(tmpdir(), "fenceline-locked-"));
const stores = openHubStores(join(work, "hub.sqlite"));
const chromium = findChromium();
const hasPdfText = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const READERS = ["ict-admin", "board", "auditor", "dsl"] as const;
type Reader = (typeof READERS)[number];
/** Each reader signed in: pages need a session, and the API takes it as well. */
const sessions = {} as Record<Reader, { cookie: string; csrf: string }>;
let hub: Hub;
let server: ReturnType<typeof serve>;
let url: string;
let incidentId = 0;
let checkRunId = "";

// A page refused to a role redirects (to sign in): not followed, so it is not read as the page.
const get = (path: string, role: Reader) =>
  fetch(`${url}${path}`, { headers: { cookie: sessions[role].cookie }, redirect: "manual" });
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: { publicUrl: "https://hub.school.test", reports: { terms: [] } },
  });
  hub.services.alerts.notify = () => {};
  hub.services.enrolment.createSite("school-a", "Hillside");
  const { token } = hub.services.enrolment.issueEnrolmentToken("school-a");
  const agent = hub.services.enrolment.enrol(token, "gw-school-a").credential;
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  for (const role of READERS) {
    const email = await addPasswordUser(hub.services, role);
    const response = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
    sessions[role] = { cookie, csrf: ((await response.json()) as { csrf: string }).csrf };
  }
  const locked = {
    clientAddress: "10.1.2.3",
    name: SECRET_NAME,
    rule: SECRET_RULE,
    list: "iwf-local",
    categories: ["child-abuse"],
    locked: true,
  };
  const events = [
    wireEvent(locked),
    wireEvent(locked),
    wireEvent({ clientAddress: "10.1.2.4", name: "casino.example", categories: ["gambling"], rule: "casino.example" }),
    wireEvent({ clientAddress: "10.1.2.5", name: "adult.example", categories: ["adult"] }),
  ];
  const sent = await fetch(`${url}/api/agents/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${agent}`, "content-type": "application/json" },
    body: JSON.stringify({ schemaVersion: 1, events }),
  });
  expect(sent.status).toBe(200);
  await hub.services.alerts.settle();
  checkRunId = await failedCanaryCheck(agent);
  incidentId = stores.incidents.list({ sites: ["school-a"], limit: 50 }).find((i) => i.category === "child-abuse")
    ?.id as number;
  expect(incidentId).toBeGreaterThan(0);
}, 30_000);

afterAll(async () => {
  hub?.actions.reportSchedules.stop();
  await hub?.services.alerts.settle();
  server?.close();
  hub?.services.sender.close();
  stores.close();
});

/** As the DSL, posts `body` to the API with the session's CSRF token. */
const dslPost = (path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { cookie: sessions.dsl.cookie, "x-csrf-token": sessions.dsl.csrf, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/**
 * The DSL sets a canary for the IWF category and asks for a check; the agent answers that the
 * canary resolved (a failure, so it is in the alert and the reports' failures). The run's id.
 */
async function failedCanaryCheck(agent: string): Promise<string> {
  expect(
    (await dslPost("/api/sites/school-a/check-canaries", { category: "child-abuse", name: SECRET_CANARY })).status,
  ).toBe(201);
  expect((await dslPost("/api/sites/school-a/checks", {})).status).toBe(201);
  const open = await fetch(`${url}/api/agents/checks`, { headers: { authorization: `Bearer ${agent}` } });
  const [run] = ((await open.json()) as { runs: { id: string; canaries: { name: string }[] }[] }).runs;
  expect(run?.canaries.map((c) => c.name)).toEqual([SECRET_CANARY]);
  const item = { group: "students", kind: "category", category: "child-abuse", canary: true, expected: "blocked" };
  const result = {
    schemaVersion: 1,
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    listsVersion: "v1",
    items: [{ ...item, name: SECRET_CANARY, outcome: "resolved", pass: false }],
    untested: [],
  };
  const answered = await fetch(`${url}/api/agents/checks/${run?.id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${agent}`, "content-type": "application/json" },
    body: JSON.stringify(result),
  });
  expect(answered.status).toBe(204);
  return run?.id as string;
}

/** Every report kind the role may generate, over the days holding the look-ups; the ids. */
async function generateAll(role: Reader): Promise<number[]> {
  const ids: number[] = [];
  for (const kind of REPORT_KINDS) {
    const response = await fetch(`${url}/api/reports`, {
      method: "POST",
      headers: {
        cookie: sessions[role].cookie,
        "x-csrf-token": sessions[role].csrf,
        "content-type": "application/json",
      },
      body: JSON.stringify({ kind, from: day(-1), to: day(1) }),
    });
    if (response.status === 403) continue;
    expect(response.status, `${role} generating ${kind}`).toBe(201);
    ids.push(((await response.json()) as { id: number }).id);
  }
  return ids;
}

/** The text of a PDF, as pdftotext reads it. */
function pdfText(bytes: ArrayBuffer): string {
  const file = join(work, `report-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, Buffer.from(bytes));
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

/** Everything the role may read: each answer that is not refused, by path, as text. */
async function everythingReadable(role: Reader): Promise<Map<string, string>> {
  const paths = [
    "/",
    "/events",
    "/events.csv",
    "/incidents",
    `/incidents/${incidentId}`,
    "/audit",
    "/reports",
    "/my-reports",
    "/sites",
    "/sites/school-a/policy",
    "/api/events",
    "/api/incidents",
    `/api/incidents/${incidentId}`,
    "/api/audit?limit=1000",
    "/api/subject-access?client=10.1.2.3",
    "/api/sites/school-a/status",
    "/api/sites/school-a/policy/changes",
    "/checks",
    "/sites/school-a/checks",
    `/sites/school-a/checks/${checkRunId}`,
    "/sites/school-a/checks/canaries",
    "/api/sites/school-a/checks",
    `/api/sites/school-a/checks/${checkRunId}`,
    "/api/sites/school-a/check-canaries",
    "/api/my-reports",
  ];
  const { reports } = (await (await get("/api/reports", role)).json()) as { reports: { id: number; kind: string }[] };
  for (const { id } of reports)
    paths.push(
      `/reports/${id}`,
      `/api/reports/${id}`,
      `/api/reports/${id}/download?format=html`,
      `/api/reports/${id}/download?format=csv`,
    );
  const read = new Map<string, string>();
  for (const path of paths) {
    const response = await get(path, role);
    if (response.status === 200) read.set(path, await response.text());
    else expect([303, 403, 404], `${role} ${path}: ${response.status}`).toContain(response.status);
  }
  // Printing is slow: the printed copies read are those of the report that names look-ups (the
  // others print the same HTML, read above).
  if (chromium && hasPdfText)
    for (const { id } of reports.filter((r) => r.kind === "weekly-ict")) {
      const response = await get(`/api/reports/${id}/download?format=pdf`, role);
      expect(response.status).toBe(200);
      read.set(`/api/reports/${id}/download?format=pdf`, pdfText(await response.arrayBuffer()));
    }
  return read;
}

describe("locked-list names never leave the DSL roles", () => {
  it("the DSL generates every report kind, stored copies the other roles may then read", async () => {
    expect((await generateAll("dsl")).length).toBe(REPORT_KINDS.length);
  }, 60_000);

  it("the DSL reads the check run's canary; ICT reads the stand-in with the category", async () => {
    const path = `/api/sites/school-a/checks/${checkRunId}`;
    expect(await (await get(path, "dsl")).text()).toContain(SECRET_CANARY);
    const ict = await (await get(path, "ict-admin")).text();
    expect(ict).not.toContain(SECRET_CANARY);
    expect(ict).toContain(MASK);
  });

  it.each(["ict-admin", "board", "auditor"] as const)(
    "%s: no report, export, page or API answer holds the name or its rule",
    async (role) => {
      await generateAll(role);
      const read = await everythingReadable(role);
      for (const [path, text] of read) {
        expect(text.includes(SECRET_NAME), `${role} ${path} shows the name`).toBe(false);
        expect(text.includes(SECRET_RULE), `${role} ${path} shows the rule`).toBe(false);
        expect(text.includes(SECRET_CANARY), `${role} ${path} shows the canary`).toBe(false);
      }
      const shown = [...read].filter(([, text]) => text.includes(MASK)).map(([path]) => path);
      if (role === "ict-admin") {
        // The look-up is counted, as a locked list entry with its category, where ICT reads look-ups.
        for (const path of ["/events", "/events.csv", "/api/events"]) expect(shown).toContain(path);
        expect(read.get("/events.csv")).toContain(`${MASK} (Child sexual abuse material)`);
        expect(read.get("/events.csv")).toContain("casino.example");
      }
      if (role !== "auditor") {
        // The weekly ICT report's most blocked addresses, in every copy the role reads (its own and the DSL's).
        const weekly = [...read].filter(
          ([path, text]) => path.endsWith("format=html") && text.includes("Most blocked"),
        );
        expect(weekly.length).toBeGreaterThanOrEqual(2);
        for (const [, text] of weekly) {
          expect(text).toContain(MASK);
          expect(text).toContain("casino.example");
        }
        // The printed copies say the same: their text, as pdftotext reads it.
        if (chromium && hasPdfText)
          expect([...read].some(([path, text]) => path.endsWith("format=pdf") && text.includes(MASK))).toBe(true);
      } else {
        // The auditor reads the audit trail and the policy, and may read no report with look-ups in it.
        expect(read.has("/api/audit?limit=1000")).toBe(true);
        expect(read.has("/events")).toBe(false);
      }
    },
    120_000,
  );

  it("dsl, the control: sees the real name and rule in the events, their export, the incident and subject access", async () => {
    const read = await everythingReadable("dsl");
    for (const path of ["/events", "/api/events", "/api/subject-access?client=10.1.2.3", `/incidents/${incidentId}`])
      expect(read.get(path), path).toContain(SECRET_NAME);
    expect(read.get("/events.csv")).toContain(SECRET_RULE);
  }, 120_000);
});
