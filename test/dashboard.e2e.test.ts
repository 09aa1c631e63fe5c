/// <reference lib="dom" />
import { join } from "node:path";
import type { Role } from "@fenceline/hub/src/domain/roles.ts";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { heartbeat, seedEvents } from "@fenceline/hub/src/testing/seed-activity.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium } from "./support/chromium.ts";
import { stepHeading, submitStep } from "./support/guided-incident.ts";

const PASSWORD = "a long test password";
const stores = openHubStores(":memory:");
let hub: ReturnType<typeof createHub>;
let server: ReturnType<typeof serve>;
let url: string;
let browser: Browser;
let addresses: string[] = [];

beforeAll(async () => {
  hub = createHub({ stores, log: pino({ level: "silent" }) });
  const { services } = hub;
  services.alerts.notify = () => {};
  services.enrolment.createSite("school-a", "Hillside School");
  for (const role of ["ict-admin", "dsl", "deputy-dsl", "board", "auditor"] as const)
    await services.users.create({
      email: `${role}@hillside.test`,
      name: role,
      role,
      sites: null,
      password: PASSWORD,
    });
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const agent = { id: services.enrolment.enrol(token, "gateway-1").agentId, siteId: "school-a" };
  addresses = [
    ...new Set(
      seedEvents(services, agent, { count: 600, end: Date.now(), days: 3, seed: 8, clients: 12 }).map(
        (e) => e.clientAddress,
      ),
    ),
  ];
  services.fleet.heartbeat({ id: agent.id }, heartbeat(new Date().toISOString(), { resolved: 100 }));
  hub.actions.policy.replace(
    { userId: "x", email: "ict-admin@hillside.test", role: "ict-admin", sites: null },
    {
      siteId: "school-a",
      policy: { defaultGroup: "students", groups: [{ id: "students", kind: "student", cidrs: ["10.8.0.0/16"] }] },
      reason: "initial policy",
    },
  );
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  stores.close();
});

async function signIn(role: Role): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  await page.goto(`${url}/`);
  expect(page.url()).toContain("/login");
  await page.getByLabel("Email").fill(`${role}@hillside.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${url}/`);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTEFACTS, `dashboard-${name}.png`), fullPage: true });

describe("the dashboard in headless Chromium", () => {
  it.each([
    [
      "ict-admin",
      [
        "Overview",
        "Report a concern",
        "Concerns I reported",
        "Sites I reported",
        "Events",
        "Sites",
        "People and devices",
        "Filtering checks",
        "Reports",
        "Users",
      ],
    ],
    // The DSL administers the safeguarding-side accounts (deputies, auditors).
    [
      "dsl",
      [
        "Overview",
        "Incidents",
        "Report a concern",
        "Concerns I reported",
        "Sites I reported",
        "Events",
        "Sites",
        "People and devices",
        "Filtering checks",
        "Reports",
        "Annual reviews",
        "Users",
      ],
    ],
    [
      "deputy-dsl",
      [
        "Overview",
        "Incidents",
        "Report a concern",
        "Concerns I reported",
        "Sites I reported",
        "Events",
        "Sites",
        "People and devices",
        "Filtering checks",
        "Reports",
        "Annual reviews",
      ],
    ],
    ["board", ["Overview", "Reports", "Annual reviews"]],
    ["auditor", ["Overview", "Reports", "Audit log"]],
  ] as const)(
    "%s signs in and sees only the pages of the role",
    async (role, expected) => {
      const page = await signIn(role);
      const nav = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
      expect(nav).toEqual(expected);
      await shot(page, `overview-${role}`);
      // Everything this role can open carries no client identity unless the role may see them.
      for (const link of nav) {
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link, exact: true }).click();
        const text = await page.content();
        if (role !== "dsl" && role !== "deputy-dsl")
          for (const address of addresses) expect(text).not.toContain(address);
      }
      if (role === "board") {
        const refused = await page.goto(`${url}/incidents`);
        expect(refused?.status()).toBe(403);
      }
      await page.close();
    },
    60_000,
  );

  it("the DSL walks an incident from new to closed", async () => {
    const page = await signIn("dsl");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Incidents" }).click();
    await page.locator("table a").first().click();
    const incidentUrl = page.url();
    // The guided page: the next step of the flow as one form, each submitted in turn.
    const step = async (fill: (form: Locator) => Promise<unknown>, legend?: string) => {
      const outcome = await submitStep(page, fill, legend);
      expect(outcome.error).toBeNull();
      expect(page.url().startsWith(incidentUrl)).toBe(true);
    };
    await step((form) => form.getByLabel("Decision").selectOption("triaged"));
    await step(async (form) => {
      await form.getByLabel("What happened").fill("Repeated attempts to reach self-harm sites in a lesson");
      await form.getByLabel("Illegal material?").selectOption("no");
      await form.getByLabel("Immediate risk?").selectOption("yes");
    });
    await step(async (form) => {
      await form.getByLabel("Agency").selectOption("childrens-social-care");
      await form.getByLabel("Date and time").fill("2026-11-20T10:30");
      await form.getByLabel("Reference").fill("CSC-123");
    }, "Referral");
    await step(async (form) => {
      await form.getByLabel("Action", { exact: true }).selectOption("evidence-preserved");
      await form.getByLabel("Date", { exact: true }).fill("2026-11-20");
      await form.getByLabel("Detail").fill("Look-ups exported to the safeguarding file");
    }, "Action taken");
    // The referral made, the step's first form moves on (through "escalated") to awaiting the authorities.
    for (let i = 0; i < 2 && (await stepHeading(page)) === "Refer and act"; i++) await step(async () => {});
    expect(await stepHeading(page)).toBe("Awaiting the authorities");
    await step(async (form) => {
      await form.getByLabel("The authority's outcome").fill("Assessment completed");
      await form.getByLabel("Given on").fill("2026-11-21T15:00");
    });
    await step(async () => {}); // the outcome recorded: move on to review
    await step((form) => form.getByLabel("Review result").fill("Pupil supported by pastoral team"));
    await step((form) => form.getByLabel(/^Sign-off note/).fill("Signed off by the DSL"));
    expect(await page.getByText(/Signed off by dsl@hillside\.test/).count()).toBe(1);
    expect(await page.locator("text=state closed").count()).toBeGreaterThan(0);
    await shot(page, "incident-closed");
    // On a tablet: no page-wide sideways scrolling (wide tables scroll inside their own box).
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, "incident-tablet");
    // And by keyboard: the skip link is the first stop, and takes focus to the page.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    const id = Number(incidentUrl.split("/").at(-1));
    expect(hub.services.stores.incidents.get(id)?.state).toBe("closed");
    expect(hub.services.stores.incidents.entries(id).map((e) => e.kind)).toEqual(
      expect.arrayContaining(["details", "referral", "action", "review"]),
    );
    await page.close();
  }, 90_000);

  it("the ICT admin blocks a name for a group, with a reason, and the change is logged", async () => {
    const page = await signIn("ict-admin");
    await page.goto(`${url}/sites/school-a/policy`);
    await page.getByLabel("List", { exact: true }).selectOption("block");
    await page.getByLabel("Add names (one per line)").fill("distracting-game.example");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    // The browser refuses the form without a reason.
    expect(page.url()).not.toMatch(/done=/);
    await page.getByLabel("Reason (required)").fill("Exam week: games blocked");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=/);
    expect(await page.locator("table").last().textContent()).toContain("Exam week: games blocked");
    await shot(page, "policy");
    const policy = hub.services.policies.current("school-a")?.policy as { groups: { block: string[] }[] };
    expect(policy.groups[0]?.block).toEqual(["distracting-game.example"]);
    await page.close();
  }, 60_000);

  it("the ICT admin edits a group field by field: category action, address block, time window", async () => {
    const page = await signIn("ict-admin");
    await page.goto(`${url}/sites/school-a/policy`);
    await page.getByRole("link", { name: 'Edit "students"' }).click();
    await page.getByLabel("Online games").selectOption("block");
    await page.getByLabel("Address blocks (one per line, e.g. 10.10.0.0/16)").fill("10.8.0.0/16\n10.9.0.0/16");
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) await page.getByLabel(day, { exact: true }).check();
    await page.getByLabel("From", { exact: true }).fill("12:00");
    await page.getByLabel("To", { exact: true }).fill("13:00");
    await page.getByLabel("Category", { exact: true }).selectOption("games");
    await page.getByLabel("Action while open").selectOption("allow");
    await page.getByLabel("Reason for the change (required)").fill("Games blocked except at lunchtime");
    await page.getByRole("button", { name: "Save the group" }).click();
    await page.waitForURL(/done=/);
    await shot(page, "policy-group");
    const policy = hub.services.policies.current("school-a")?.policy as {
      groups: {
        id: string;
        cidrs: string[];
        categories: Record<string, string>;
        windows: { from: string; categories: Record<string, string> }[];
      }[];
    };
    const students = policy.groups.find((g) => g.id === "students");
    expect(students?.categories).toEqual({ games: "block" });
    expect(students?.cidrs).toEqual(["10.8.0.0/16", "10.9.0.0/16"]);
    expect(students?.windows).toMatchObject([{ from: "12:00", categories: { games: "allow" } }]);
    const changes = hub.actions.policy.changes(
      { userId: "x", email: "x", role: "ict-admin", sites: null },
      { siteId: "school-a" },
    );
    expect(changes[0]?.reason).toBe("Games blocked except at lunchtime");
    await page.close();
  }, 60_000);

  it("the board generates its quarterly report and reads it", async () => {
    const page = await signIn("board");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    const kinds = await page.locator("#kind option").allTextContents();
    expect(kinds).toEqual(["weekly-ict", "board-quarterly", "annual-review"]);
    await page.locator("#kind").selectOption("board-quarterly");
    await page.getByRole("button", { name: "Generate" }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    expect(await page.locator("h1").textContent()).toMatch(/Quarterly e-safety report to the board/);
    await shot(page, "board-report");
    await page.close();
  }, 60_000);

  it("the DSL adds a deputy, who signs in with the one-time password and changes it", async () => {
    // Deputies see identities: only the DSL, not the ICT team, may make one.
    const admin = await signIn("dsl");
    await admin.goto(`${url}/users`);
    await admin.getByLabel("Email").fill("new-deputy@hillside.test");
    await admin.getByLabel("Name").fill("New Deputy");
    await admin.getByLabel("Role", { exact: true }).selectOption("deputy-dsl");
    await admin.getByRole("button", { name: "Add user" }).click();
    const once = (await admin.locator(".notice code").textContent()) as string;
    expect(once.length).toBeGreaterThanOrEqual(16);
    expect(admin.url()).not.toContain(once);
    await admin.close();

    const user = await browser.newPage();
    await user.goto(`${url}/login`);
    await user.getByLabel("Email").fill("new-deputy@hillside.test");
    await user.getByLabel("Password").fill(once);
    await user.getByRole("button", { name: "Sign in" }).click();
    // A one-time password opens nothing but the form to change it.
    await user.waitForURL(/\/account\?error=/);
    await user.goto(`${url}/incidents`);
    await user.waitForURL(/\/account\?error=/);
    await user.getByLabel("Current password").fill(once);
    await user.getByLabel("New password (12 characters or more)").fill("my own long password");
    await user.getByRole("button", { name: "Change password" }).click();
    await user.waitForURL(/done=Password/);
    await user.goto(`${url}/incidents`);
    expect(await user.locator("h1").textContent()).toMatch(/Incidents/);
    await user.goto(`${url}/account`);
    await shot(user, "account");
    await user.close();
    const login = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "new-deputy@hillside.test", password: "my own long password" }),
    });
    expect(login.status).toBe(200);
  }, 60_000);

  it("a form posted without its CSRF token is refused", async () => {
    const page = await signIn("ict-admin");
    // The signed-in browser's cookies, but a form without the page's CSRF token.
    const response = await page.request.post(`${url}/sites`, {
      form: { id: "forged-site", name: "Forged" },
      maxRedirects: 0,
    });
    const status = response.status();
    expect(status).toBe(403);
    expect(hub.services.stores.fleet.site("forged-site")).toBeUndefined();
    await page.close();
  }, 60_000);
});
