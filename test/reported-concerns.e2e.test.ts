import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium } from "./support/chromium.ts";
import { apiLogin, sessionHeaders } from "./support/signin-hub.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

const PASSWORD = "a long test password";
const work = mkdtempSync(join(tmpdir(), "fenceline-reported-"));
const stores = openHubStores(join(work, "hub.sqlite"));
const smtp = new SmtpSink();
let hub: ReturnType<typeof createHub>;
let server: ReturnType<typeof serve>;
let url: string;
type Session = { cookie: string | null; csrf: string | null };
const sessions: Record<"staff" | "dsl" | "deputy", Session> = {} as never;

const CONCERN = {
  siteId: "school-a",
  kind: "cyberbullying",
  concerns: { subject: "person", description: "Pupil in 9B, Jamie Example" },
  reportedBy: "Mr Form Tutor",
  occurredAt: "2026-11-30T13:05:00Z",
  whatHappened: "Group chat messages telling a pupil to hurt themselves",
  immediateRisk: "no",
};

beforeAll(async () => {
  await smtp.start();
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: { smtp: smtp.settings("fenceline@hub.test"), publicUrl: "https://hub.school.test" },
  });
  const { services } = hub;
  services.enrolment.createSite("school-a", "Hillside School");
  for (const [email, role] of [
    ["staff@hillside.test", "staff"],
    ["dsl@hillside.test", "dsl"],
    ["deputy@hillside.test", "deputy-dsl"],
  ] as const)
    await services.users.create({ email, name: email, role, sites: null, password: PASSWORD });
  // The route for concerns about staff names the DSL alone: the deputy is not on it.
  services.alerts.setSettings("school-a", {
    routes: [{ name: "Concerns about staff", kinds: ["staff-concern"], recipients: [{ user: "dsl@hillside.test" }] }],
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  sessions.staff = await apiLogin(url, "staff@hillside.test", PASSWORD);
  sessions.dsl = await apiLogin(url, "dsl@hillside.test", PASSWORD);
  sessions.deputy = await apiLogin(url, "deputy@hillside.test", PASSWORD);
}, 30_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await hub?.services.alerts.settle();
  await smtp.stop();
  stores.close();
});

const get = (path: string, as: Session) => fetch(`${url}${path}`, { headers: { cookie: as.cookie ?? "" } });
const post = (path: string, as: Session, body: unknown) =>
  fetch(`${url}${path}`, { method: "POST", headers: sessionHeaders(as), body: JSON.stringify(body) });
const report = async (overrides: Record<string, unknown> = {}) => {
  const response = await post("/api/incidents", sessions.staff, { ...CONCERN, ...overrides });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number; severity: string; state: string };
};
const queue = async (as: Session) =>
  ((await (await get("/api/incidents", as)).json()) as { incidents: { id: number; severity: string }[] }).incidents;

describe("reported concerns over HTTP", () => {
  it("a staff user reports a concern, sees it among their reports, and nothing of the DSL's", async () => {
    const { id, severity } = await report();
    expect(severity).toBe("medium");
    const mine = (await (await get("/api/my-reports", sessions.staff)).json()) as { reports: unknown[] };
    expect(mine.reports).toEqual([expect.objectContaining({ id, kind: "cyberbullying", state: "new" })]);
    // Neither the record nor the queue, over the API or as pages.
    for (const path of [`/api/incidents/${id}`, "/api/incidents", `/incidents/${id}`, "/incidents"]) {
      const refused = await get(path, sessions.staff);
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain("hurt themselves");
    }
  });

  it("the DSL finds it in the queue, graded by its kind, with what was reported", async () => {
    const { id } = await report({ kind: "grooming-or-contact" });
    expect((await queue(sessions.dsl)).find((i) => i.id === id)).toMatchObject({ severity: "high" });
    const view = (await (await get(`/api/incidents/${id}`, sessions.dsl)).json()) as {
      incident: { source: string; submittedBy: string };
      record: { details: { body: Record<string, unknown> } };
    };
    expect(view.incident).toMatchObject({ source: "report", submittedBy: "staff@hillside.test" });
    expect(view.record.details.body).toMatchObject({ reportedBy: "Mr Form Tutor", immediateRisk: "no" });
  });

  it("a concern about a member of staff: the deputy, off its route, cannot find it; the DSL on it can", async () => {
    const { id } = await report({ kind: "staff-concern" });
    const hidden = await get(`/api/incidents/${id}`, sessions.deputy);
    expect(hidden.status).toBe(404);
    const unknown = await get("/api/incidents/999999", sessions.deputy);
    expect(((await hidden.json()) as { error: { message: string } }).error.message).toBe(`no incident ${id}`);
    expect(unknown.status).toBe(404);
    expect((await queue(sessions.deputy)).map((i) => i.id)).not.toContain(id);
    expect((await get(`/incidents/${id}`, sessions.deputy)).status).toBe(404);
    expect((await get(`/api/incidents/${id}`, sessions.dsl)).status).toBe(200);
    expect((await queue(sessions.dsl)).map((i) => i.id)).toContain(id);
  });

  it("immediate risk makes it critical and the DSL is emailed, without what was said or who", async () => {
    const { id, severity } = await report({ kind: "self-harm-disclosure", immediateRisk: "yes" });
    expect(severity).toBe("critical");
    // Alerts of the earlier reports may still be arriving: wait for this incident's.
    const ofThis = () => smtp.messages.find((m) => m.subject.includes(`#${id} `));
    for (const started = Date.now(); !ofThis() && Date.now() - started < 10_000; )
      await new Promise((resolve) => setTimeout(resolve, 20));
    const alert = ofThis();
    expect(alert?.subject).toMatch(/CRITICAL/);
    expect(alert?.to).toContain("dsl@hillside.test");
    for (const secret of ["hurt themselves", "Jamie Example", "Mr Form Tutor", "staff@hillside.test"])
      expect(alert?.raw).not.toContain(secret);
  });
  it("two people's reports of one kind are two alerts: the filter's throttle does not hold the second back", async () => {
    const first = await report({ kind: "grooming-or-contact" });
    const second = await report({ kind: "grooming-or-contact", reportedBy: "Ms Librarian" });
    const ofEach = () => [first.id, second.id].map((id) => smtp.messages.find((m) => m.subject.includes(`#${id} `)));
    for (const started = Date.now(); ofEach().some((m) => !m) && Date.now() - started < 10_000; )
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ofEach().map((m) => m?.subject)).toEqual([
      expect.stringMatching(/HIGH incident .*Grooming/i),
      expect.stringMatching(/HIGH incident .*Grooming/i),
    ]);
  });
});

describe("the learners' report-a-problem form", () => {
  const form = (text: string, origin: string | null = url) =>
    fetch(`${url}/report-a-problem?site=school-a`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
      body: new URLSearchParams({ text }),
    });

  it("says it is not for emergencies, with 999 and Childline", async () => {
    const response = await fetch(`${url}/report-a-problem?site=school-a`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("not for emergencies");
    expect(text).toContain("999");
    expect(text).toContain("Childline on\n<strong>0800 1111</strong>");
    expect((await fetch(`${url}/report-a-problem?site=nowhere`)).status).toBe(404);
  });

  it("refuses a post from another site or with no origin, and a body over the limit", async () => {
    expect((await form("hello", "https://elsewhere.example")).status).toBe(403);
    expect((await form("hello", null)).status).toBe(403);
    expect((await form("x".repeat(20_000))).status).toBe(413);
    expect((await form("x".repeat(5_000))).status).toBe(400);
  });

  it("takes five reports an hour from one address; the sixth is refused with 429", async () => {
    const before = (await queue(sessions.dsl)).length;
    for (let i = 1; i <= 5; i++) expect((await form(`something upsetting ${i}`)).status).toBe(200);
    const sixth = await form("one more");
    expect(sixth.status).toBe(429);
    expect((await queue(sessions.dsl)).length).toBe(before + 5);
  });
});

describe("the Report a concern page in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("a staff user fills in the form and finds the concern among the ones they reported", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1100 } });
    await page.goto(`${url}/login`);
    await page.getByLabel("Email").fill("staff@hillside.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${url}/`);
    const nav = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
    expect(nav).toContain("Report a concern");
    expect(nav).not.toContain("Incidents");
    await page.getByRole("link", { name: "Report a concern" }).click();
    await page.getByLabel("What kind of concern").selectOption("data-breach");
    await page.getByLabel("Who or what it concerns").selectOption("device");
    await page.getByLabel("Who, in a few words").fill("Laptop in room 12");
    await page.getByLabel("Reported by").fill("A teaching assistant");
    await page.getByLabel("When it happened").fill("2026-11-30T14:20");
    await page.getByLabel("What happened").fill("A class list was left on screen for visitors to see");
    await page.getByLabel("Is anyone at immediate risk?").selectOption("no");
    await page.screenshot({ path: join(ARTEFACTS, "report-a-concern.png"), fullPage: true });
    await page.getByRole("button", { name: "Send to the DSL" }).click();
    await page.waitForURL(/\/my-reports\?done=/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/the DSL has your report \(#\d+\)/);
    const row = page.getByRole("row", { name: /Data breach/ });
    // 14:20 in London on 30 November is 14:20 GMT: the page's time, labelled, as typed.
    await expect(row.textContent()).resolves.toContain("2026-11-30 14:20 GMT");
    await page.screenshot({ path: join(ARTEFACTS, "concerns-i-reported.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
