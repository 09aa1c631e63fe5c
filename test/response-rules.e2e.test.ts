import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsHub, type Credentials, serveAccountsHub } from "./support/accounts-hub.ts";

// The response flow's rules over real HTTP, on a hub over a real SQLite file, with DSL and deputy
// accounts made as a school makes them: every entry goes through POST /api/incidents/:id/entries.
let hub: Awaited<ReturnType<typeof serveAccountsHub>>;
let dsl: Credentials;
let deputy: Credentials;
/** Incident ids by what they are about. */
const incident: Record<"childAbuse" | "disclosure" | "staff", number> = { childAbuse: 0, disclosure: 0, staff: 0 };

const add = (as: Credentials, id: number, entry: Record<string, unknown>) =>
  hub.call("POST", `/api/incidents/${id}/entries`, as, entry);
const view = async (as: Credentials, id: number) =>
  (await hub.call("GET", `/api/incidents/${id}`, as)).json as {
    incident: { state: string; severity: string };
    allowedTransitions: string[];
    flow: { warnings: string[]; closingNeeds: string[]; awaitingReferral: number | null; offers: string[] };
    entries: { by: string; kind: string; body: Record<string, unknown> }[];
  };
const message = (response: { json: Record<string, unknown> }) => (response.json.error as { message: string }).message;

beforeAll(async () => {
  const made = await accountsHub([["school-a", "Alpha Academy"]]);
  const passwords = {
    dsl: await made.addUser("dsl@school.test", "dsl"),
    deputy: await made.addUser("deputy@school.test", "deputy-dsl"),
    ict: await made.addUser("ict@school.test", "ict-admin"),
  };
  hub = await serveAccountsHub(made.config);
  dsl = await hub.login("dsl@school.test", passwords.dsl);
  deputy = await hub.login("deputy@school.test", passwords.deputy);
  const ict = await hub.login("ict@school.test", passwords.ict);
  // An agent enrolled and reporting as a school's would: three flagged look-ups from three pupils.
  const { token } = (await hub.call("POST", "/api/sites/school-a/enrolment-tokens", ict, {})).json as { token: string };
  const { credential } = (await hub.call("POST", "/api/agents/enrol", null, { token, name: "gateway" })).json as {
    credential: string;
  };
  const time = Date.now() - 60_000;
  const sent = await hub.call("POST", "/api/agents/events", credential, {
    schemaVersion: 1,
    events: [
      wireEvent({ time, clientAddress: "10.0.0.1", categories: ["child-abuse"], locked: true }),
      wireEvent({ time, clientAddress: "10.0.0.2", categories: ["gambling"] }),
      wireEvent({ time, clientAddress: "10.0.0.3", categories: ["gambling"] }),
    ],
  });
  expect(sent.status).toBe(200);
  const listed = (await hub.call("GET", "/api/incidents", dsl)).json.incidents as {
    id: number;
    clientAddress: string;
  }[];
  const of = (address: string) => listed.find((row) => row.clientAddress === address)?.id as number;
  incident.childAbuse = of("10.0.0.1");
  incident.disclosure = of("10.0.0.2");
  incident.staff = of("10.0.0.3");
}, 60_000);

afterAll(async () => {
  await hub?.close();
});

describe("the response rules through the API", () => {
  it("refuses a deputy moving a critical child-abuse incident from new to no further action (loophole a)", async () => {
    const before = await view(deputy, incident.childAbuse);
    expect(before.incident).toMatchObject({ state: "new", severity: "critical" });
    expect(before.flow.warnings[0]).toMatch(/^Do not view, copy or forward the material/);
    expect(before.allowedTransitions).not.toContain("no-further-action");
    const refused = await add(deputy, incident.childAbuse, {
      kind: "transition",
      to: "no-further-action",
      note: "looked at it, nothing there",
    });
    expect(refused.status).toBe(403);
    expect(message(refused)).toMatch(/no further action" needs a DSL's sign-off, not a deputy's/);
    // The DSL may not either, without the police, CEOP or IWF and the evidence preserved.
    const dslRefused = await add(dsl, incident.childAbuse, { kind: "transition", to: "no-further-action", note: "x" });
    expect(dslRefused.status).toBe(409);
    expect(message(dslRefused)).toMatch(/needs a referral to the police, CEOP or the IWF/);
    expect((await view(dsl, incident.childAbuse)).incident.state).toBe("new");
  });

  it("refuses a DSL closing an illegal, immediate-risk incident without referrals (loophole b), then closes it with them", async () => {
    const id = incident.disclosure;
    const answered = await add(deputy, id, {
      kind: "details",
      reportedBy: "Form tutor",
      reportedTo: "Deputy DSL",
      description: "Pupil shown an indecent image and says they are being threatened tonight",
      illegalMaterial: "yes",
      immediateRisk: "yes",
    });
    expect(answered.status).toBe(201);
    expect(answered.json).toMatchObject({ severity: "critical" });
    for (const to of ["triaged", "review"]) expect((await add(dsl, id, { kind: "transition", to })).status).toBe(201);
    expect((await add(dsl, id, { kind: "review", result: "Handled in school", sanctions: "None" })).status).toBe(201);
    const closing = await add(dsl, id, { kind: "transition", to: "closed", note: "Signed off" });
    expect(closing.status).toBe(409);
    expect(message(closing)).toBe(
      'closing an incident with illegal material needs a referral to the police, CEOP or the IWF and an "evidence preserved" action; ' +
        "closing an incident with an immediate risk needs a referral to the police or social care, with the time it was made",
    );
    const record = await view(dsl, id);
    expect(record.allowedTransitions).toEqual(["actions"]);
    expect(record.flow.closingNeeds).toEqual([
      "a referral to the police, CEOP or the IWF",
      'an "evidence preserved" action',
      "a referral to the police or social care, with the time it was made",
    ]);
    // The police referral answers both; the school then waits for the police.
    const referral = await add(dsl, id, {
      kind: "referral",
      agency: "police",
      at: "2026-11-23T16:05:00+00:00",
      reference: "CAD-0415",
    });
    expect(referral.json).toMatchObject({ state: "awaiting-authorities" });
    const seq = referral.json.seq as number;
    const outcome = await add(dsl, id, {
      kind: "referral-outcome",
      ofSeq: seq,
      outcome: "Arrest",
      at: "2026-11-24T09:00:00Z",
    });
    expect(outcome.json).toMatchObject({ state: "actions" });
    expect(
      (await add(dsl, id, { kind: "action", action: "evidence-preserved", date: "2026-11-23", detail: "Phone bagged" }))
        .status,
    ).toBe(201);
    expect((await add(dsl, id, { kind: "transition", to: "review" })).status).toBe(201);
    const closed = await add(dsl, id, { kind: "transition", to: "closed", note: "Signed off" });
    expect(closed.status).toBe(201);
    expect(closed.json).toMatchObject({ state: "closed", severity: "critical" });
    const by = (await view(dsl, id)).entries.filter((e) => e.by === "system (response rules)").map((e) => e.body);
    expect(by).toEqual([
      expect.objectContaining({ severity: "critical" }),
      expect.objectContaining({ to: "awaiting-authorities" }),
      expect.objectContaining({ to: "actions" }),
    ]);
  });

  it("waits in awaiting-authorities after a LADO referral until its outcome, then review and sign-off close it", async () => {
    const id = incident.staff;
    expect((await add(deputy, id, { kind: "transition", to: "triaged" })).status).toBe(201);
    const referral = await add(deputy, id, {
      kind: "referral",
      agency: "lado",
      at: "2026-11-23T11:00:00Z",
      contact: "LADO duty line",
    });
    expect(referral.status).toBe(201);
    expect(referral.json).toMatchObject({ state: "awaiting-authorities" });
    const waiting = await view(deputy, id);
    expect(waiting.flow.awaitingReferral).toBe(referral.json.seq);
    expect(waiting.allowedTransitions).toEqual([]);
    const deputyOut = await add(deputy, id, { kind: "transition", to: "actions", note: "chased them" });
    expect(deputyOut.status).toBe(403);
    expect(message(deputyOut)).toMatch(/waiting for the outcome of the referral to lado/);
    const dslNoReason = await add(dsl, id, { kind: "transition", to: "actions" });
    expect(dslNoReason.status).toBe(400);
    expect(message(dslNoReason)).toMatch(/needs a note saying why/);
    const outcome = await add(deputy, id, {
      kind: "referral-outcome",
      ofSeq: referral.json.seq,
      outcome: "LADO: no further action, school to handle",
      at: "2026-11-25T10:00:00Z",
    });
    expect(outcome.status).toBe(201);
    expect(outcome.json).toMatchObject({ state: "actions" });
    expect((await view(deputy, id)).flow.awaitingReferral).toBeNull();
    expect((await add(deputy, id, { kind: "transition", to: "review" })).status).toBe(201);
    expect((await add(deputy, id, { kind: "review", result: "Advice given", sanctions: "None" })).status).toBe(201);
    expect((await add(deputy, id, { kind: "transition", to: "closed", note: "done" })).status).toBe(403);
    const closed = await add(dsl, id, { kind: "transition", to: "closed", note: "Signed off" });
    expect(closed.status).toBe(201);
    expect(closed.json).toMatchObject({ state: "closed" });
  });

  it("refuses parents not informed without a reason, and an outcome of a referral that is not there, as 400s", async () => {
    const id = incident.childAbuse;
    const parents = await add(dsl, id, { kind: "parents-informed", status: "decided-not" });
    expect(parents.status).toBe(400);
    expect(message(parents)).toMatch(/needs a reason/);
    const stray = await add(dsl, id, {
      kind: "referral-outcome",
      ofSeq: 9999,
      outcome: "x",
      at: "2026-11-25T10:00:00Z",
    });
    expect(stray.status).toBe(400);
    expect(message(stray)).toMatch(/not a referral in this incident's record/);
  });
});
