import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import type { ReportDocument, ReportItem } from "../domain/report-document.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { identityRows } from "../testing/identity-rows.ts";
import { wireEvent } from "../testing/wire-event.ts";
import { renderCsv } from "./render-csv.ts";

const NOW = Date.parse("2026-11-23T10:00:00Z");
const WEEK = { from: "2026-11-16", to: "2026-11-23" };
const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };
const day = (n: number) => Date.parse("2026-11-16T09:00:00Z") + n * 86_400_000;

/**
 * A week at school-a: Pat (laptop and phone) has three incidents on two devices, Sam one, an
 * unknown client two; Pat is watched (review overdue), Sam watched (review ahead).
 */
function week() {
  const { stores, file } = openTempStores();
  let now = new Date(day(0));
  const hub = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  hub.services.alerts.notify = () => {};
  hub.actions.sites.create(SYSTEM_ACTOR, { id: "school-a", name: "Hillside" });
  const { token } = hub.actions.sites.issueEnrolmentToken(SYSTEM_ACTOR, { siteId: "school-a" });
  const agent = { id: hub.actions.agents.enrol({ token, name: "gw" }).agentId, siteId: "school-a" };
  const rows = identityRows(file);
  const pat = rows.person("school-a", { displayName: "Pat Pupil", yearGroup: "Year 9", tutorGroup: "9B" });
  const sam = rows.person("school-a", { displayName: "Sam Student", yearGroup: "Year 7" });
  rows.device("school-a", { mac: "aa:00:00:00:00:01", ownerId: pat });
  rows.device("school-a", { mac: "aa:00:00:00:00:02", ownerId: pat });
  rows.close();
  const send = (time: number, fields: Parameters<typeof wireEvent>[0]) => {
    now = new Date(time);
    hub.actions.agents.sendEvents(agent, { schemaVersion: 3, events: [wireEvent({ time, ...fields })] });
  };
  send(day(0), { mac: "aa:00:00:00:00:01", clientAddress: "10.0.0.5", categories: ["adult"] });
  send(day(1), { mac: "aa:00:00:00:00:02", clientAddress: "10.0.9.9", categories: ["adult"] });
  send(day(2), { mac: "aa:00:00:00:00:02", clientAddress: "10.0.9.9", categories: ["self-harm"] });
  send(day(1), { person: String(sam), clientAddress: "10.0.0.7", categories: ["adult"] });
  send(day(0), { clientAddress: "10.0.0.99", categories: ["adult"] });
  send(day(3), { clientAddress: "10.0.0.99", categories: ["adult"] });
  now = new Date(NOW);
  hub.services.stores.personWatch.set({
    personId: pat,
    reason: "repeated searches",
    reviewOn: "2026-11-20",
    setBy: "dsl@school.test",
    setAt: "2026-11-01T09:00:00.000Z",
  });
  hub.services.stores.personWatch.set({
    personId: sam,
    reason: "new pupil, a concern from the last school",
    reviewOn: "2026-12-01",
    setBy: "dsl@school.test",
    setAt: "2026-11-01T09:00:00.000Z",
  });
  const generate = (kind: ReportDocument["kind"], period: { from: string; to: string } = WEEK) =>
    hub.actions.reports.generate(dsl, { kind, ...period }).body;
  return { generate, hub, pat };
}

const tableOf = (doc: ReportDocument, title: string) =>
  doc.sections
    .flatMap((s) => s.items)
    .find((i): i is Extract<ReportItem, { kind: "table" }> => i.kind === "table" && i.title === title);

describe("people in the DSL digest and the incident log", () => {
  it("counts repeats by person across their devices, else by client", () => {
    const { generate } = week();
    expect(tableOf(generate("dsl-digest"), "People and clients with more than one incident")?.rows).toEqual([
      ["Pat Pupil (Year 9, 9B)", 3],
      ["client 10.0.0.99", 2],
    ]);
  });

  it("lists the watch list with reasons, overdue reviews and what is new this week", () => {
    const { generate } = week();
    expect(tableOf(generate("dsl-digest"), "People on the watch list")?.rows).toEqual([
      ["Pat Pupil (Year 9, 9B)", "Hillside", "repeated searches", "2026-11-20 (overdue)", 3, 3],
      ["Sam Student (Year 7)", "Hillside", "new pupil, a concern from the last school", "2026-12-01", 1, 1],
    ]);
  });

  it("shows a sanction in the policy change log as a change to one person, the document unchanged", () => {
    const { generate, hub, pat } = week();
    const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student", cidrs: ["10.0.0.0/8"] }] };
    hub.actions.policy.replace(SYSTEM_ACTOR, { siteId: "school-a", policy, reason: "the first policy" });
    const endsAt = "2026-11-27T16:00:00.000Z";
    hub.actions.sanctions.set(SYSTEM_ACTOR, { siteId: "school-a", personId: pat, reason: "misuse", endsAt, allow: [] });
    const rows = tableOf(
      generate("policy-change-log", { from: "2026-11-16", to: "2026-11-24" }),
      "Policy change log",
    )?.rows;
    expect(rows?.map((r) => [r[3], r[4]])).toEqual([
      ["the first policy", "first policy"],
      [
        `sanction #1 set for person #${pat} until 2026-11-27 16:00 GMT; allowed: only the group's allow list`,
        "a sanction on one person (the document unchanged)",
      ],
    ]);
  });

  it("names the person in the incident log's 'who was involved', else the client as before", () => {
    const { generate } = week();
    const csv = renderCsv(generate("incident-log")).trim().split("\r\n");
    const cells = (line: string) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]?.replace(/^"|"$/g, ""));
    const who = cells(csv[0] as string).indexOf("Who was involved");
    const involved = csv.slice(1).map((line) => cells(line)[who]);
    expect(involved).toEqual([
      "Pat Pupil (Year 9, 9B)",
      "Pat Pupil (Year 9, 9B)",
      "Pat Pupil (Year 9, 9B)",
      "Sam Student (Year 7)",
      "10.0.0.99",
      "10.0.0.99",
    ]);
  });
});
