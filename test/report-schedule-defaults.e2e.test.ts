import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium } from "./support/chromium.ts";
import { ADMIN_TOKEN, type SigninHub, startSigninHub } from "./support/signin-hub.ts";

const PASSWORD = "schedules are for mondays";
let hub: SigninHub;
let browser: Browser;

interface Schedule {
  id: number;
  kind: string;
  cron: string;
  roles: string[];
  sites: string[];
}

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${hub.url}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
const schedulesOf = async (siteId: string) =>
  ((await (await api("/api/report-schedules")).json()) as { schedules: Schedule[] }).schedules.filter(
    (s) => s.sites.join() === siteId,
  );

beforeAll(async () => {
  hub = await startSigninHub();
  // The browser keeps cookies by the real clock: the hub's must agree for its session to last.
  hub.clock.ms = Date.now();
  await hub.addUserWithOwnPassword("ict@school.test", PASSWORD, "ict-admin");
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  hub.hub.actions.reportSchedules.stop();
  await hub?.close();
});

describe("reports by default, edited in days and times", () => {
  it("a site made over HTTP has the weekly ICT report, the DSL digest, the termly and the board quarterly, audited", async () => {
    const made = await api("/api/sites", { method: "POST", body: { id: "school-n", name: "Northgate School" } });
    expect(made.status).toBe(201);
    const schedules = await schedulesOf("school-n");
    expect(schedules.map((s) => [s.kind, s.cron, s.roles])).toEqual([
      ["weekly-ict", "0 7 * * 1", ["ict-admin"]],
      ["dsl-digest", "30 7 * * 1", ["dsl", "deputy-dsl"]],
      ["termly-incidents", "0 7 1 1,4,9 *", ["dsl", "deputy-dsl"]],
      ["board-quarterly", "0 8 * 1,4,7,10 1#1", ["board"]],
    ]);
    const audited = hub.audit("report.schedule-defaults-added");
    expect(audited.map((e) => e.target)).toEqual(["school-n"]);
    // The hub's start backfills sites made before; this one has its schedules already.
    expect(hub.hub.actions.reportSchedules.backfillDefaults()).toEqual([]);
    expect(await schedulesOf("school-n")).toHaveLength(4);
  });

  it("the form in a browser moves the weekly report to Wednesday and Friday 06:45 and adds the board", async () => {
    const [weekly] = (await schedulesOf("school-n")).filter((s) => s.kind === "weekly-ict");
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${hub.url}/login`);
    await page.getByLabel("Email").fill("ict@school.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${hub.url}/`);
    await page.goto(`${hub.url}/reports`);
    const row = page.locator("tr", { hasText: "school-n" }).filter({ hasText: "every Monday at 07:00" });
    await row.getByRole("link", { name: "weekly-ict" }).click();
    await page.waitForURL(`${hub.url}/report-schedules/${weekly?.id}`);
    expect(await page.locator("#next-run").textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 07:00 GMT$/);
    expect(await page.getByLabel("Advanced (cron, read-only; the API accepts it)").isEditable()).toBe(false);
    await page.getByLabel("Monday").uncheck();
    await page.getByLabel("Wednesday").check();
    await page.getByLabel("Friday").check();
    await page.getByLabel("Time of day (Europe/London)").fill("06:45");
    await page.getByLabel("Governors (board)").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/done=Saved/);
    expect(await page.locator("#schedule-words").textContent()).toBe("every Wednesday and Friday at 06:45");
    expect(await page.locator("#next-run").textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 06:45 GMT$/);
    await page.screenshot({ path: join(ARTEFACTS, "report-schedule-form.png"), fullPage: true });
    await page.close();
    const [saved] = (await schedulesOf("school-n")).filter((s) => s.kind === "weekly-ict");
    expect(saved?.cron).toBe("45 6 * * 3,5");
    expect(saved?.roles).toEqual(["ict-admin", "board"]);
    expect(hub.audit("report.schedule-changed").map((e) => e.actor)).toEqual([
      expect.stringContaining("ict@school.test"),
    ]);
  }, 60_000);

  it("the API still takes a cron expression, and refuses a bad one with a 400", async () => {
    const [board] = (await schedulesOf("school-n")).filter((s) => s.kind === "board-quarterly");
    const path = `/api/report-schedules/${board?.id}`;
    const changed = await api(path, { method: "PUT", body: { cron: "0 9 * 1,4,7,10 1#1", roles: ["board"] } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as Schedule).cron).toBe("0 9 * 1,4,7,10 1#1");
    const bad = await api(path, { method: "PUT", body: { cron: "every monday", roles: ["board"] } });
    expect(bad.status).toBe(400);
    const none = await api(path, { method: "PUT", body: { roles: ["board"] } });
    expect(none.status).toBe(400);
  });
});
