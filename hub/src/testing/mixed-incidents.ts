import type { IncidentStore, NewIncident } from "../store/incident-store.ts";

/** 10:00 UTC on 2 July: 11:00 BST at a London site. */
const JULY_MORNING = "2026-07-02T10:00:00.000Z";

const base: NewIncident = {
  siteId: "school-a",
  clientAddress: "10.1.0.9",
  hostname: null,
  mac: null,
  group: "students",
  category: "self-harm",
  autoSeverity: "high",
  severity: "high",
  illegal: false,
  openedAt: JULY_MORNING,
  firstSeen: JULY_MORNING,
  lastSeen: JULY_MORNING,
  eventCount: 2,
};

/** A concern a member of staff reported: no client, no events, no category, its kind instead. */
function reported(kind: string, submittedBy: string, at: string): NewIncident {
  return {
    ...base,
    clientAddress: "",
    group: "",
    category: "",
    autoSeverity: "medium",
    severity: "medium",
    openedAt: at,
    firstSeen: at,
    lastSeen: at,
    eventCount: 0,
    source: "report",
    kind,
    submittedBy,
    restricted: kind === "staff-concern",
  };
}

/**
 * For report tests: at school-a, in the first week of July (BST), one incident the filter raised
 * and two concerns staff reported (cyberbullying, and a restricted concern about a member of
 * staff, referred to the LADO), inserted through the stores as the hub would. Returns their ids.
 */
export function insertMixedIncidents(incidents: IncidentStore) {
  const filtered = incidents.insert(base);
  const bullying = incidents.insert(reported("cyberbullying", "teacher@school.test", "2026-07-03T08:15:00.000Z"));
  incidents.appendEntry(bullying, "2026-07-03T08:15:00.000Z", "teacher@school.test", "reported", {
    kind: "cyberbullying",
    concerns: "Two pupils in year 8",
    reportedBy: "Form tutor",
    whatHappened: "Name-calling in a class group chat",
    immediateRisk: "no",
  });
  const staff = incidents.insert(reported("staff-concern", "office@school.test", "2026-07-03T12:00:00.000Z"));
  incidents.appendEntry(staff, "2026-07-03T12:00:00.000Z", "office@school.test", "reported", {
    kind: "staff-concern",
    concerns: "A supply teacher",
    reportedBy: "Office manager",
    whatHappened: "Asked a pupil for their private social media account",
    immediateRisk: "unsure",
  });
  incidents.appendEntry(staff, "2026-07-03T13:30:00.000Z", "dsl@school.test", "referral", {
    kind: "referral",
    agency: "lado",
    at: "2026-07-03T13:30:00.000Z",
    reference: "LADO-2026-41",
  });
  return { filtered, bullying, staff };
}
