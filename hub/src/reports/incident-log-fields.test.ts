import { describe, expect, it } from "vitest";
import { formatLocalTime } from "../domain/local-time.ts";
import { INCIDENT_LOG_COLUMNS, incidentLogFields, type LogEntry, type LogIncident } from "./incident-log-fields.ts";

const format = {
  time: (iso: string) => formatLocalTime(iso, "Europe/London"),
  category: (id: string) => (id === "self-harm" ? "Self-harm" : id),
  agency: (id: string) => ({ lado: "LADO", police: "Police" })[id] ?? id,
};

const filterIncident: LogIncident = {
  id: 7,
  source: "filter",
  kind: "filtered-lookup",
  category: "self-harm",
  severity: "high",
  state: "new",
  illegal: false,
  openedAt: "2026-07-01T09:31:00Z",
  firstSeen: "2026-07-01T09:30:00Z",
  eventCount: 3,
  clientAddress: "10.0.0.5",
  hostname: "lab-pc-4",
  submittedBy: null,
};

const reportedIncident: LogIncident = {
  ...filterIncident,
  id: 8,
  source: "report",
  kind: "staff-concern",
  category: "",
  clientAddress: "",
  hostname: null,
  eventCount: 0,
  submittedBy: "teacher@school.test",
  firstSeen: "2026-07-02T13:00:00Z",
  openedAt: "2026-07-02T14:00:00Z",
};

let seq = 0;
const entry = (kind: string, body: Record<string, unknown>, at = "2026-07-03T08:00:00Z", by = "dsl@school.test") => ({
  seq: ++seq,
  at,
  by,
  kind,
  body,
});

/** A record with every kind of entry the log reads, and closed. */
function fullRecord(): LogEntry[] {
  const referral = entry("referral", {
    agency: "lado",
    at: "2026-07-03T10:15:00Z",
    reference: "LADO-9",
    contact: "J. Smith",
  });
  return [
    entry("details", {
      reportedBy: "Form tutor",
      reportedTo: "DSL",
      description: "Messages seen on a phone",
      illegalMaterial: "no",
      immediateRisk: "unsure",
    }),
    entry("action", { action: "evidence-preserved", date: "2026-07-03", detail: "screenshots kept" }),
    referral,
    entry("referral-outcome", {
      ofSeq: referral.seq,
      outcome: "No further action by LADO",
      at: "2026-07-10T15:00:00Z",
    }),
    entry("parents-informed", { status: "decided-not", reason: "would put the child at risk" }),
    entry("review", { result: "Policy followed", sanctions: "None" }, "2026-07-11T09:00:00Z", "head@school.test"),
    entry("transition", { to: "closed" }, "2026-07-12T16:45:00Z", "dsl@school.test"),
  ];
}

describe("incident log fields", () => {
  it("gives a value for every column, and nothing else", () => {
    const fields = incidentLogFields(filterIncident, fullRecord(), format);
    expect(Object.keys(fields).sort()).toEqual(INCIDENT_LOG_COLUMNS.map(([key]) => key).sort());
  });

  it("fills every column of a closed record from its entries, times in the site's zone and labelled", () => {
    const fields = incidentLogFields({ ...filterIncident, state: "closed" }, fullRecord(), format);
    expect(fields).toEqual({
      when: "2026-07-01 10:30 BST",
      id: 7,
      source: "filter",
      kind: "Flagged by the filter",
      category: "Self-harm",
      involved: "10.0.0.5 (lab-pc-4)",
      reportedBy: "Form tutor",
      reportedAt: "2026-07-01 10:31 BST",
      reportedTo: "DSL",
      whatHappened: "Messages seen on a phone",
      severity: "high",
      illegal: "no",
      immediateRisk: "unsure",
      actionTaken:
        "Evidence preserved on 2026-07-03: screenshots kept; Referred to LADO on 2026-07-03 11:15 BST (ref LADO-9, J. Smith); outcome: No further action by LADO (2026-07-10 16:00 BST)",
      parents: "decided not to: would put the child at risk",
      reviewResult: "Policy followed",
      reviewer: "head@school.test",
      reviewedAt: "2026-07-11 10:00 BST",
      sanctions: "None",
      state: "closed",
      signedOffBy: "dsl@school.test",
      signedOffAt: "2026-07-12 17:45 BST",
    });
  });

  it("a filter incident with no record says the filter raised it and what it saw", () => {
    const fields = incidentLogFields({ ...filterIncident, illegal: true }, [], format);
    expect(fields).toMatchObject({
      reportedBy: "Fenceline (automatic)",
      whatHappened: "3 attempt(s) to reach Self-harm content",
      illegal: "yes",
      immediateRisk: "",
      actionTaken: "",
      parents: "",
      reviewer: "",
      signedOffBy: "",
    });
  });

  it("a reported concern reads who, by whom, when and what from its reported entry", () => {
    const reported = entry(
      "reported",
      {
        concerns: "A teaching assistant",
        reportedBy: "Pupil in year 9",
        whatHappened: "Private messages on social media",
        immediateRisk: "no",
      },
      "2026-07-02T14:00:00Z",
      "teacher@school.test",
    );
    const fields = incidentLogFields(reportedIncident, [reported], format);
    expect(fields).toMatchObject({
      when: "2026-07-02 14:00 BST",
      source: "reported",
      kind: "Concern about a member of staff",
      category: "",
      involved: "A teaching assistant",
      reportedBy: "Pupil in year 9",
      reportedAt: "2026-07-02 15:00 BST",
      whatHappened: "Private messages on social media",
      immediateRisk: "no",
      illegal: "",
    });
  });

  it("reads a reported entry defensively: a structured subject, no reporter named, a description", () => {
    const reported = entry("reported", { concerns: { subject: "group", detail: "Year 8 chat" }, description: "x" });
    const fields = incidentLogFields(reportedIncident, [reported], format);
    expect(fields).toMatchObject({
      involved: "group: Year 8 chat",
      reportedBy: "teacher@school.test",
      whatHappened: "x",
    });
    const odd = incidentLogFields(reportedIncident, [entry("reported", { concerns: 42, reportedBy: ["?"] })], format);
    expect(odd).toMatchObject({ involved: "", reportedBy: "teacher@school.test", whatHappened: "" });
  });

  it("leaves corrected entries out: the corrected details, action and referral", () => {
    const record = fullRecord();
    const [details, action, referral] = record;
    const corrections = [details, action, referral].map((e) =>
      entry("correction", { ofSeq: e?.seq, reason: "recorded on the wrong incident" }),
    );
    const fields = incidentLogFields(filterIncident, [...record, ...corrections], format);
    expect(fields.reportedBy).toBe("Fenceline (automatic)");
    expect(fields.whatHappened).toBe("3 attempt(s) to reach Self-harm content");
    expect(fields.actionTaken).toBe("");
  });

  it("the latest details count; an earlier referral with only a date still reads; no sign-off unless closed", () => {
    const fields = incidentLogFields(
      { ...filterIncident, state: "triaged" },
      [
        entry("details", { reportedBy: "A", reportedTo: "B", description: "first", illegalMaterial: true }),
        entry("details", { reportedBy: "C", reportedTo: "D", description: "second", illegalMaterial: false }),
        entry("referral", { agency: "police", date: "2026-06-30", reference: "P1" }),
        entry("parents-informed", { status: "yes", at: "2026-07-04T07:00:00Z" }),
        entry("transition", { to: "closed" }),
        entry("transition", { to: "triaged" }),
      ],
      format,
    );
    expect(fields).toMatchObject({
      reportedBy: "C",
      whatHappened: "second",
      illegal: "no",
      actionTaken: "Referred to Police on 2026-06-30 (ref P1); outcome awaited",
      parents: "yes, 2026-07-04 08:00 BST",
      signedOffBy: "",
      signedOffAt: "",
    });
  });
});
