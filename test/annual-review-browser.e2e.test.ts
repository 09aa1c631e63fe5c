/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium.ts";
import { freePort } from "./support/free-port.ts";
import { GUIDED_PASSWORD } from "./support/guided-incident.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

/** The annual review record through the dashboard in headless Chromium: the DSL records it, the governor signs. */
let hub: Awaited<ReturnType<typeof hubWithAgent>>;
let server: { close: () => Promise<void> };
let browser: Browser;
let url = "";

beforeAll(async () => {
  hub = await hubWithAgent();
  for (const role of ["dsl", "board"] as const)
    await hub.services.users.create({
      email: `${role}@review.test`,
      name: role === "dsl" ? "Mr Safe" : "Dr Gov",
      role,
      sites: null,
      password: GUIDED_PASSWORD,
    });
  const port = await freePort();
  server = await serveHub(hub.app.fetch, port);
  url = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  hub?.stores.close();
});

async function signIn(email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(GUIDED_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${url}/`);
  return page;
}

describe("the annual review record in the dashboard", () => {
  it("the DSL records the meeting, attaches the pack, adds an action and signs; the governor signs; it locks", async () => {
    const generated = await fetch(`${url}/api/reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${HUB_ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "annual-review", from: "2025-09-01", to: "2026-08-31", sites: ["school-a"] }),
    });
    const reportId = ((await generated.json()) as { id: number }).id;

    const dsl = await signIn("dsl@review.test");
    await dsl.getByRole("link", { name: "Annual reviews" }).first().click();
    await dsl.getByRole("link", { name: "school-a" }).click();
    await dsl.getByLabel("Year").fill("2026");
    await dsl.getByRole("button", { name: "Start the record" }).click();
    await expect.poll(() => dsl.locator("[role=status]").textContent()).toContain("The 2026 review is started");
    await dsl.getByRole("link", { name: "2026" }).click();
    await dsl.getByLabel("Meeting date").fill("2026-07-10");
    await dsl.getByLabel(/Attendees/).fill("slt: Ms Head\ndsl: Mr Safe\nict: Ms Net\ngovernor: Dr Gov");
    await dsl.getByLabel("Decisions").fill("Supply the IWF list before September.");
    await dsl.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dsl.locator("[role=status]").textContent()).toContain("The record is saved");
    await dsl.getByLabel(/Annual review report number/).fill(String(reportId));
    await dsl.getByRole("button", { name: "Attach the evidence pack" }).click();
    await dsl.getByLabel("Action").fill("Supply the IWF list");
    await dsl.getByLabel("Owner").fill("Ms Net");
    await dsl.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => dsl.locator("main").textContent()).toContain("Supply the IWF list");
    const shown = (await dsl.locator("main").textContent()) ?? "";
    expect(shown).toContain(`report ${reportId}`);
    expect(shown).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(shown).toContain("Dr Gov");
    expect(await dsl.getByRole("button", { name: "Sign as the governor" }).count()).toBe(0);
    await dsl.getByRole("button", { name: "Sign as the DSL" }).click();
    await expect.poll(() => dsl.locator("[role=status]").textContent()).toContain("Signed as the DSL");
    expect(await dsl.getByRole("button", { name: "Save" }).count()).toBe(0);

    const governor = await signIn("board@review.test");
    await governor.goto(`${url}/sites/school-a/annual-reviews/2026`);
    expect(await governor.getByRole("button", { name: "Save" }).count()).toBe(0);
    await governor.getByRole("button", { name: "Sign as the governor" }).click();
    await expect.poll(() => governor.locator("main").textContent()).toContain("signed and locked");
    const signedText = (await governor.locator("main").textContent()) ?? "";
    // Both signatures with their time on the site's clock, labelled with its zone (GMT in December, BST in summer).
    expect(signedText).toMatch(/DSL: dsl@review\.test \([^)]+\), \d{4}-\d\d-\d\d \d\d:\d\d (GMT|BST)/);
    expect(signedText).toMatch(/Governor: board@review\.test \([^)]+\), \d{4}-\d\d-\d\d \d\d:\d\d (GMT|BST)/);
    await dsl.close();
    await governor.close();
  });
});
