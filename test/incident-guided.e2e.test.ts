import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GuidedHub,
  offerAnyway,
  openIncident,
  shot,
  shownState,
  signInAs,
  startGuidedHub,
  stepForms,
  stepGuidance,
  stepHeading,
  submitOtherAction,
  submitStep,
} from "./support/guided-incident.ts";

let g: GuidedHub;

beforeAll(async () => {
  g = await startGuidedHub();
}, 60_000);

afterAll(async () => {
  await g?.close();
});

/** Triage as a real concern and answer the two questions: the step after is "Refer and act". */
async function triageAndAnswer(page: Parameters<typeof submitStep>[0], risk = "no") {
  await submitStep(page, (form) => form.getByLabel("Decision").selectOption("triaged"));
  expect(await stepHeading(page)).toBe("What happened, and the two questions");
  const answered = await submitStep(page, async (form) => {
    await form.getByLabel("What happened").fill("Searches for self-harm methods during a lesson");
    await form.getByLabel("Illegal material?").selectOption("no");
    await form.getByLabel("Immediate risk?").selectOption(risk);
  });
  expect(answered.error).toBeNull();
  expect(await stepHeading(page)).toBe("Refer and act");
}

describe("the guided incident page in headless Chromium", () => {
  it("(a) triage: not a real concern needs a reason, then closes as a false positive", async () => {
    const id = await g.raise("10.8.0.11");
    const page = await signInAs(g, "dsl");
    await openIncident(page, g, id);
    expect(await stepHeading(page)).toBe("Triage: is this a real concern?");
    expect(await stepForms(page)).toEqual(["Is this a real concern?"]);
    await shot(page, "triage");

    const refused = await submitStep(page, (form) => form.getByLabel("Decision").selectOption("false-positive"));
    expect(refused.error).toMatch(/needs a note saying why/);
    expect(g.stateOf(id)).toBe("new");
    expect(await stepHeading(page)).toBe("Triage: is this a real concern?");

    const done = await submitStep(page, async (form) => {
      await form.getByLabel("Decision").selectOption("false-positive");
      await form.getByLabel(/^Reason/).fill("A teacher preparing a PSHE lesson");
    });
    expect(done.done).toBe("Added to the record.");
    expect(g.stateOf(id)).toBe("false-positive");
    expect(await shownState(page)).toBe("false-positive");
    expect(await stepHeading(page)).toBe("Closed as a false positive");
    expect(await page.locator("#record-heading + *").count()).toBe(1);
    expect(await page.locator("section[aria-labelledby=record-heading]").textContent()).toContain(
      "Moved to False positive. Reason: A teacher preparing a PSHE lesson",
    );
    await page.close();
  }, 60_000);

  it("(b) the DSL walks triage → questions → referral → awaiting the authorities → review → sign-off, then reopens", async () => {
    const id = await g.raise("10.8.0.12");
    const page = await signInAs(g, "dsl");
    await openIncident(page, g, id);
    await triageAndAnswer(page, "yes");
    expect(await stepGuidance(page)).toMatch(/contact the police or children's social care now/);
    // A time typed on the page is the site's wall clock, and the label says which.
    expect(await page.locator("label[for=step-ref-at]").textContent()).toBe("Date and time (Europe/London time)");
    await submitStep(
      page,
      async (form) => {
        await form.getByLabel("Agency").selectOption("childrens-social-care");
        await form.getByLabel("Date and time").fill("2026-12-01T09:15");
        await form.getByLabel("Reference").fill("CSC-123");
        await form.getByLabel("Contact").fill("Duty social worker");
      },
      "Referral",
    );
    await submitStep(
      page,
      async (form) => {
        await form.getByLabel("Informed", { exact: true }).selectOption("decided-not");
        await form.getByLabel(/^Why not/).fill("A parent is the concern");
      },
      "Parents / carers informed?",
    );
    await submitStep(
      page,
      async (form) => {
        await form.getByLabel("Action", { exact: true }).selectOption("evidence-preserved");
        await form.getByLabel("Date", { exact: true }).fill("2026-12-01");
        await form.getByLabel("Detail").fill("Look-ups exported to the safeguarding file");
      },
      "Action taken",
    );
    // With the referral made, the step's first form moves on to waiting for the authorities.
    for (let i = 0; i < 2 && (await stepHeading(page)) === "Refer and act"; i++) await submitStep(page);
    expect(await stepHeading(page)).toBe("Awaiting the authorities");
    expect(g.stateOf(id)).toBe("awaiting-authorities");
    expect(await stepGuidance(page)).toMatch(/Allow the authorities to complete their investigation/);
    // The response rules moved it there with the referral; the outcome's form comes first, what the school still does after.
    expect(await stepForms(page)).toEqual([
      expect.stringMatching(/^Outcome of referral #\d+ to Children's social care, made 2026-12-01 09:15 GMT$/),
      "Parents / carers informed?",
      "Action taken",
    ]);
    await shot(page, "awaiting");
    await submitStep(page, async (form) => {
      await form.getByLabel("The authority's outcome").fill("Assessment completed; family support offered");
      await form.getByLabel("Given on").fill("2026-12-01T16:40");
    });
    expect(await stepHeading(page)).toBe("The authorities' outcome is recorded");
    await submitStep(page);
    expect(await stepHeading(page)).toBe("Review");
    await submitStep(page, (form) => form.getByLabel("Review result").fill("Pupil supported by the pastoral team"));
    expect(await stepHeading(page)).toBe("Sign off");
    const closed = await submitStep(page);
    expect(closed.error).toBeNull();
    expect(g.stateOf(id)).toBe("closed");
    expect(await stepHeading(page)).toBe("Closed");

    const record = (await page.locator("section[aria-labelledby=record-heading]").textContent()) ?? "";
    for (const words of [
      "Children's social care",
      "2026-12-01 09:15 GMT",
      "CSC-123",
      "Duty social worker",
      "Assessment completed; family support offered",
      "2026-12-01 16:40 GMT",
      "Decided not to inform (it would put the child at risk). Reason: A parent is the concern",
      "Evidence preserved on 2026-12-01: Look-ups exported to the safeguarding file",
      "Pupil supported by the pastoral team Sanctions: None",
    ])
      expect(record).toContain(words);
    expect(record).toMatch(/Signed off by dsl@hillside\.test \([\w-]+\) on \d{4}-\d\d-\d\d \d\d:\d\d (GMT|BST)\./);
    expect(record).not.toMatch(/\bagency: /);
    await shot(page, "closed");

    await submitStep(page, (form) => form.getByLabel("Why reopen it").fill("A second disclosure"));
    expect(g.stateOf(id)).toBe("triaged");
    expect(await stepHeading(page)).toBe("Refer and act");
    await page.close();
  }, 90_000);

  it("(c) a deputy reaches sign-off and sees it is the DSL's; closing from Other actions is refused", async () => {
    const id = await g.raise("10.8.0.13");
    const page = await signInAs(g, "deputy-dsl");
    await openIncident(page, g, id);
    await triageAndAnswer(page);
    await submitStep(page, undefined, "Next: In review");
    await submitStep(page, (form) => form.getByLabel("Review result").fill("Reminded of the acceptable use policy"));
    expect(await stepHeading(page)).toBe("Waiting for the DSL's sign-off");
    expect(await stepForms(page)).toEqual([]);
    expect(await stepGuidance(page)).toMatch(/a deputy cannot close it/);
    await shot(page, "deputy-waiting");
    const refused = await submitOtherAction(page, "Change state", async (form) => {
      // The page offers only the moves the actor may make: a crafted page posts "closed" anyway.
      await offerAnyway(form, "closed");
      await form.getByLabel(/^Reason/).fill("Trying to close");
    });
    expect(refused.error).toBe("closing or reopening an incident is the DSL's sign-off");
    expect(g.stateOf(id)).toBe("review");
    expect(await shownState(page)).toBe("review");
    await page.close();
  }, 60_000);

  it("(d) signing off without a review shows the refusal, and nothing changes", async () => {
    const id = await g.raise("10.8.0.14");
    const page = await signInAs(g, "dsl");
    await openIncident(page, g, id);
    await triageAndAnswer(page);
    await submitStep(page, undefined, "Next: In review");
    expect(await stepHeading(page)).toBe("Review");
    const entries = g.hub.hub.services.stores.incidents.entries(id).length;
    const refused = await submitOtherAction(page, "Change state", async (form) => {
      // The page offers only the moves the actor may make: a crafted page posts "closed" anyway.
      await offerAnyway(form, "closed");
      await form.getByLabel(/^Reason/).fill("Closing early");
    });
    expect(refused.error).toBe("closing an incident needs a review result and sanctions");
    expect(g.stateOf(id)).toBe("review");
    expect(g.hub.hub.services.stores.incidents.entries(id)).toHaveLength(entries);
    expect(await stepHeading(page)).toBe("Review");
    await shot(page, "refused-sign-off");
    await page.close();
  }, 60_000);
});
