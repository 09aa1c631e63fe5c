/// <reference lib="dom" />
import { join } from "node:path";
import { localToUtc } from "@fenceline/hub/src/domain/local-time.ts";
import { identityRows } from "@fenceline/hub/src/testing/identity-rows.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { EVENT_SCHEMA_VERSION } from "@fenceline/shared";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium } from "./support/chromium.ts";
import { freePort } from "./support/free-port.ts";
import { GUIDED_PASSWORD, signInAs } from "./support/guided-incident.ts";
import { hubWithAgent, serveHub } from "./support/hub-with-agent.ts";
import type { SigninHub } from "./support/signin-hub.ts";

let hub: Awaited<ReturnType<typeof hubWithAgent>>;
let server: { close: () => Promise<void> };
let browser: Browser;
let url = "";
let incidentId = 0;
let person = 0;

beforeAll(async () => {
  hub = await hubWithAgent();
  await hub.services.users.create({
    email: "dsl@hillside.test",
    name: "DSL",
    role: "dsl",
    sites: null,
    password: GUIDED_PASSWORD,
  });
  const rows = identityRows(join(hub.work, "hub.sqlite"));
  person = rows.person("school-a", { displayName: "Robin Pupil", username: "robin", yearGroup: "Year 8" });
  rows.close();
  const port = await freePort();
  server = await serveHub(hub.app.fetch, port);
  url = `http://127.0.0.1:${port}`;
  const sent = await fetch(`${url}/api/agents/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${hub.credential}` },
    body: JSON.stringify({
      schemaVersion: EVENT_SCHEMA_VERSION,
      events: [wireEvent({ time: Date.now() - 60_000, user: "robin", categories: ["self-harm"] })],
    }),
  });
  expect(sent.status).toBe(200);
  incidentId = Number(hub.stores.incidents.list({ sites: null, limit: 1 })[0]?.id);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  hub?.stores.close();
});

/** Opens the person section's forms and submits the one with this legend; returns the page's notice or error. */
async function submitPersonForm(page: Page, legend: string, fill: (form: Locator) => Promise<unknown>) {
  const details = page.locator("details.person-actions");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  const form = details.locator("form").filter({ has: page.locator("legend", { hasText: legend }) });
  await fill(form);
  const loaded = page.waitForEvent("load");
  await form.locator('button[type="submit"]').click();
  await loaded;
  const text = async (selector: string) =>
    (await page.locator(selector).count()) ? await page.locator(selector).first().textContent() : null;
  return { done: await text("main > p.notice[role=status]"), error: await text("main > p.error[role=alert]") };
}

describe("watching and sanctioning a person from the incident page, in Chromium", () => {
  it("puts the person on the watch list and sanctions them until a time on the site's clock", async () => {
    const page = await signInAs({ hub: { url } as SigninHub, browser }, "dsl");
    await page.goto(`${url}/incidents/${incidentId}`);
    expect(await page.locator("#person-heading").textContent()).toBe("Person: Robin Pupil (Year 8)");

    const reviewOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const watched = await submitPersonForm(page, "Watch", async (form) => {
      await form.getByLabel("Why they are watched").fill("searches about self-harm");
      await form.getByLabel("Review on").fill(reviewOn);
    });
    expect(watched).toEqual({ done: "On the watch list.", error: null });
    expect(await page.locator("p.watch").textContent()).toContain(`searches about self-harm · review on ${reviewOn}`);

    const refused = await submitPersonForm(page, "Sanction", async (form) => {
      await form.getByLabel("Reason").fill("misuse during lessons");
      await form.getByLabel("Still allowed").fill("not a host name");
    });
    expect(refused.done).toBeNull();
    expect(refused.error).toMatch(/invalid/);
    expect(hub.stores.sanctions.ofPerson(person)).toEqual([]);

    const ends = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const local = `${ends}T16:00`;
    const sanctioned = await submitPersonForm(page, "Sanction", async (form) => {
      await form.getByLabel("Reason").fill("misuse during lessons");
      await form.getByLabel(/Ends at \(Europe\/London time\)/).fill(local);
      await form.getByLabel("Still allowed").fill("classroom.google.com, www.bbc.co.uk");
    });
    expect(sanctioned).toEqual({ done: "Sanction #1 set.", error: null });
    const [stored] = hub.stores.sanctions.ofPerson(person);
    expect(stored).toMatchObject({
      endsAt: localToUtc(local, "Europe/London"),
      allow: ["classroom.google.com", "www.bbc.co.uk"],
      incidentId,
      liftedAt: null,
    });
    const row = page.locator("section.person table").first().locator("tbody tr").first();
    expect(await row.textContent()).toMatch(
      new RegExp(`#1in force.*${ends} 16:00 (GMT|BST)classroom.google.com, www.bbc.co.uk`),
    );
    await page.screenshot({ path: join(ARTEFACTS, "person-sanction.png"), fullPage: true });

    const liftLoaded = page.waitForEvent("load");
    await page.getByRole("button", { name: "Lift now" }).click();
    await liftLoaded;
    expect(await page.locator("main > p.notice[role=status]").textContent()).toBe("Sanction #1 lifted.");
    expect(hub.stores.sanctions.get(1)?.liftedBy).toMatch(/^dsl@hillside.test/);
    await page.close();
  });
});
