/// <reference lib="dom" />
import { join } from "node:path";
import type { Role } from "@fenceline/hub/src/domain/roles.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { EVENT_SCHEMA_VERSION } from "@fenceline/shared";
import type { Browser, Locator, Page } from "playwright-core";
import { ARTEFACTS, launchChromium } from "./chromium.ts";
import { type SigninHub, startSigninHub } from "./signin-hub.ts";

export const GUIDED_PASSWORD = "a long guided test password";
export const SITE = "school-a";

/**
 * A hub on real HTTP (signin-hub.ts) with a site, an enrolled agent, one account per role at
 * `<role>@hillside.test`, and headless Chromium to drive its pages.
 *
 * The hub's clock is set to the real time when it starts: the session cookie expires by the hub's
 * clock, and Chromium judges that expiry by the real one, so a hub clock days in the past hands the
 * browser a cookie that is already expired and every sign-in lands back on the sign-in form. The
 * pages' default dates and times come from the real clock too.
 */
export async function startGuidedHub(roles: Role[] = ["dsl", "deputy-dsl"]) {
  const hub = await startSigninHub();
  hub.clock.ms = Date.now();
  hub.hub.services.enrolment.createSite(SITE, "Hillside School");
  const { token } = hub.hub.services.enrolment.issueEnrolmentToken(SITE);
  const enrolled = await fetch(`${hub.url}/api/agents/enrol`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, name: "gateway-1" }),
  });
  const { credential } = (await enrolled.json()) as { credential: string };
  for (const role of roles) await hub.addUserWithOwnPassword(`${role}@hillside.test`, GUIDED_PASSWORD, role);
  const browser = await launchChromium();
  return {
    hub,
    browser,
    /** The incident the filter raises for one flagged look-up by `clientAddress`, sent as the agent sends it. */
    async raise(clientAddress: string, category = "self-harm"): Promise<number> {
      const sent = await fetch(`${hub.url}/api/agents/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
        body: JSON.stringify({
          schemaVersion: EVENT_SCHEMA_VERSION,
          events: [wireEvent({ time: hub.clock.ms, clientAddress, categories: [category] })],
        }),
      });
      if (sent.status !== 200) throw new Error(`sending an event: ${sent.status} ${await sent.text()}`);
      const incident = hub.hub.services.stores.incidents
        .list({ sites: null, limit: 500 })
        .find((i) => i.clientAddress === clientAddress);
      if (!incident) throw new Error(`no incident for ${clientAddress}`);
      return incident.id;
    },
    /** The incident's state as stored. */
    stateOf: (id: number) => hub.hub.services.stores.incidents.get(id)?.state,
    async close() {
      await browser.close();
      await hub.close();
    },
  };
}
export type GuidedHub = Awaited<ReturnType<typeof startGuidedHub>>;

/** A browser page signed in through the sign-in form as `<role>@hillside.test`. */
export async function signInAs(g: { hub: SigninHub; browser: Browser }, role: Role): Promise<Page> {
  const page = await g.browser.newPage({ viewport: { width: 1024, height: 900 } });
  await page.goto(`${g.hub.url}/login`);
  await page.getByLabel("Email").fill(`${role}@hillside.test`);
  await page.getByLabel("Password").fill(GUIDED_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${g.hub.url}/`);
  return page;
}

export async function openIncident(page: Page, g: { hub: SigninHub }, id: number): Promise<void> {
  await page.goto(`${g.hub.url}/incidents/${id}`);
}

/** The step's heading, without "Next step: ". */
export async function stepHeading(page: Page): Promise<string> {
  return ((await page.locator("#step-heading").textContent()) ?? "").replace(/^Next step: /, "");
}

/** The policy's words shown at the step. */
export async function stepGuidance(page: Page): Promise<string> {
  return (await page.locator("section.step ul.policy").textContent()) ?? "";
}

/** The state the page's summary line shows. */
export async function shownState(page: Page): Promise<string> {
  const text = (await page.locator("p.summary").textContent()) ?? "";
  return /state (\S+)/.exec(text)?.[1] ?? "";
}

/** The legends of the step's forms, the primary one first. */
export async function stepForms(page: Page): Promise<string[]> {
  return page.locator("section.step legend").allTextContents();
}

/** What the page said after a form: its notice, or its error (a refusal). */
export interface Outcome {
  done: string | null;
  error: string | null;
}

async function submit(page: Page, form: Locator, fill: (form: Locator) => Promise<unknown>): Promise<Outcome> {
  await fill(form);
  // The next page load, not a change of address: two entries in a row both come back to "?done=…".
  const loaded = page.waitForEvent("load");
  await form.locator('button[type="submit"]').click();
  await loaded;
  if (!/[?&](done|error)=/.test(new URL(page.url()).search)) throw new Error(`the form led to ${page.url()}`);
  const text = async (selector: string) =>
    (await page.locator(selector).count()) ? await page.locator(selector).first().textContent() : null;
  return { done: await text("main > p.notice[role=status]"), error: await text("main > p.error[role=alert]") };
}

/** Fills the step's form with this legend (the primary one when no legend is given) and submits it. */
export async function submitStep(
  page: Page,
  fill: (form: Locator) => Promise<unknown> = async () => {},
  legend?: string | RegExp,
): Promise<Outcome> {
  const forms = page.locator("section.step form");
  const form = legend ? forms.filter({ has: page.locator("legend", { hasText: legend }) }) : forms.first();
  return submit(page, form, fill);
}

/** Opens "Other actions", fills the form with this legend and submits it. */
export async function submitOtherAction(
  page: Page,
  legend: string | RegExp,
  fill: (form: Locator) => Promise<unknown>,
): Promise<Outcome> {
  const details = page.locator("details.other-actions");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  return submit(page, details.locator("form").filter({ has: page.locator("legend", { hasText: legend }) }), fill);
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTEFACTS, `incident-guided-${name}.png`), fullPage: true });

/**
 * A move the page does not offer this user ("Move to" lacks it), posted anyway as a stale or
 * crafted page would: the hub must refuse it.
 */
export async function offerAnyway(form: Locator, state: string): Promise<void> {
  const select = form.getByLabel("Move to");
  const offered = await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  if (offered.includes(state)) throw new Error(`the page offers "${state}": nothing to craft`);
  await select.evaluate((s, value) => s.append(new Option(value, value)), state);
  await select.selectOption(state);
}
