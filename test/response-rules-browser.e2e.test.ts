import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GuidedHub,
  offerAnyway,
  openIncident,
  SITE,
  signInAs,
  startGuidedHub,
  stepGuidance,
  stepHeading,
  submitOtherAction,
  submitStep,
} from "./support/guided-incident.ts";

let g: GuidedHub;

beforeAll(async () => {
  g = await startGuidedHub(["dsl", "deputy-dsl"]);
}, 60_000);

afterAll(async () => {
  await g?.close();
});

const incident = (id: number) => g.hub.hub.services.stores.incidents.get(id);
const entryCount = (id: number) => g.hub.hub.services.stores.incidents.entries(id).length;

/** Triage as a real concern, then answer the flowchart's two questions. */
async function answer(page: Page, illegal: "yes" | "no", risk: "yes" | "no") {
  await submitStep(page, (form) => form.getByLabel("Decision").selectOption("triaged"));
  const answered = await submitStep(page, async (form) => {
    await form.getByLabel("What happened").fill("A pupil shared an image and said they were in danger");
    await form.getByLabel("Illegal material?").selectOption(illegal);
    await form.getByLabel("Immediate risk?").selectOption(risk);
  });
  expect(answered.error).toBeNull();
}

describe("the response rules in the browser", () => {
  it("illegal material and immediate risk make it critical, warn at every step, and closing without a referral is refused", async () => {
    const id = await g.raise("10.7.0.1");
    const page = await signInAs(g, "dsl");
    await openIncident(page, g, id);
    await answer(page, "yes", "yes");
    expect(incident(id)?.severity).toBe("critical");
    expect(await stepGuidance(page)).toMatch(/Do not view, copy or forward the material/);
    expect(await stepGuidance(page)).toMatch(/call the police on 999 now/);
    await submitStep(page, undefined, "Next: In review");
    await submitStep(page, (form) => form.getByLabel("Review result").fill("Reviewed with the head"));
    expect(await stepHeading(page)).toBe("Sign off");
    expect(await stepGuidance(page)).toMatch(/still needs a referral to the police, CEOP or the IWF/);
    const before = entryCount(id);
    const refused = await submitStep(page);
    expect(refused.error).toMatch(/needs a referral to the police, CEOP or the IWF/);
    expect(incident(id)?.state).toBe("review");
    expect(entryCount(id)).toBe(before);
    await page.close();
  }, 60_000);

  it("a deputy cannot end a critical incident as no further action; the DSL can, with a reason", async () => {
    const id = await g.raise("10.7.0.2");
    const dsl = await signInAs(g, "dsl");
    await openIncident(dsl, g, id);
    await answer(dsl, "no", "yes");
    expect(incident(id)?.severity).toBe("critical");
    const deputy = await signInAs(g, "deputy-dsl");
    await openIncident(deputy, g, id);
    const before = entryCount(id);
    const refused = await submitOtherAction(deputy, "Change state", async (form) => {
      await offerAnyway(form, "no-further-action");
      await form.getByLabel(/^Reason/).fill("Nothing in it");
    });
    expect(refused.error).toMatch(/DSL/);
    expect(incident(id)?.state).toBe("triaged");
    expect(entryCount(id)).toBe(before);
    await deputy.close();
    await dsl.close();
  }, 60_000);

  it("a concern about a member of staff: the page offers the LADO first; a deputy off its route finds nothing", async () => {
    const dslActor = { userId: "setup", email: "dsl@hillside.test", role: "dsl", sites: null } as const;
    const { id } = g.hub.hub.actions.incidentReports.report(dslActor, {
      siteId: SITE,
      kind: "staff-concern",
      concerns: { subject: "person", description: "A teacher" },
      reportedBy: "A parent",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      whatHappened: "Messages to a pupil on a personal account",
      immediateRisk: "no",
    });
    const deputy = await signInAs(g, "deputy-dsl");
    const hidden = await deputy.goto(`${g.hub.url}/incidents/${id}`);
    expect(hidden?.status()).toBe(404);
    await deputy.close();
    const page = await signInAs(g, "dsl");
    await openIncident(page, g, id);
    await submitStep(page, (form) => form.getByLabel("Decision").selectOption("triaged"));
    // The report gave the details: triaged, the next step is the referral.
    expect(await stepHeading(page)).toBe("Refer and act");
    expect(await stepGuidance(page)).toMatch(/LADO/);
    const agencies = await page
      .locator("section.step form")
      .filter({ has: page.locator("legend", { hasText: "Referral" }) })
      .getByLabel("Agency")
      .locator("option")
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(agencies[0]).toBe("lado");
    await page.close();
  }, 60_000);
});
