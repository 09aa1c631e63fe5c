import { foldEntries, isTerminalState } from "../domain/incident-workflow.ts";
import { awaitedReferral, type FoldedRecord, rulesFor } from "../domain/response-flow.ts";
import type { ResponseRules } from "../domain/response-rules.ts";
import { type Severity, severityRank } from "../domain/severity.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { changeOf } from "./engine-incident.ts";
import type { IncidentChange, IncidentEngine } from "./incident-engine.ts";

/** How the record names what the rules did, so nobody mistakes it for a person's entry. */
export const RESPONSE_RULES_ACTOR = "system (response rules)";

export interface ResponseEffectsDeps {
  stores: HubStores;
  engine: IncidentEngine;
  rules: ResponseRules;
}

/** What an entry led to: the incident's state and grade after it, and what alerts must hear of. */
export interface EffectsResult {
  state: string;
  severity: string;
  changes: IncidentChange[];
}

/**
 * What the response rules make of the record as it now stands, against how it stood before the
 * entry `seq`: a yes to illegal material or immediate risk re-grades the incident (by an entry
 * saying why) and asks for an alert at once; a referral to an authority moves the incident to
 * awaiting-authorities, and the last awaited outcome moves it back to actions. `before` is null
 * for an incident just opened: every rule that applies to it is new. Inside the transaction
 * that added the entry.
 */
export function applyResponseEffects(
  deps: ResponseEffectsDeps,
  incidentId: number,
  at: string,
  before: FoldedRecord | null,
  change: { kind: IncidentChange["kind"]; seq: number | null },
): EffectsResult {
  const { stores, engine, rules } = deps;
  let incident = stores.incidents.get(incidentId) as IncidentRow;
  const record = foldEntries(stores.incidents.entries(incidentId));
  const earlier = new Set(before ? rulesFor(rules, incident, before).map((rule) => rule.name) : []);
  const newly = rulesFor(rules, incident, record).filter(
    (rule) => !earlier.has(rule.name) && (rule.grade || rule.alertAtOnce),
  );
  const changes: IncidentChange[] = [];
  const graded = newly
    .filter((rule) => rule.grade && severityRank(rule.grade) > severityRank(incident.severity))
    .sort((a, b) => severityRank(b.grade as Severity) - severityRank(a.grade as Severity))[0];
  if (graded?.grade) {
    stores.incidents.appendEntry(incidentId, at, RESPONSE_RULES_ACTOR, "regrade", {
      severity: graded.grade,
      reason: `${graded.name}: the response rules grade it ${graded.grade}`,
    });
    stores.incidents.setSeverity(incidentId, graded.grade);
    engine.regraded(incidentId, graded.grade);
    incident = { ...incident, severity: graded.grade };
  }
  const atOnce = newly.some((rule) => rule.alertAtOnce);
  if (graded || atOnce) changes.push(changeOf(incident, change.kind, atOnce));

  const awaited = awaitedReferral(rules, record);
  const open = !isTerminalState(incident.state);
  if (open && incident.state !== "awaiting-authorities" && awaited && awaited.seq === change.seq) {
    const note = `a referral to ${awaited.body.agency as string} (entry ${awaited.seq}): waiting for its outcome`;
    incident = moveTo(stores, incident, at, "awaiting-authorities", note);
  }
  const outcome = record.referralOutcomes.find((entry) => entry.seq === change.seq);
  if (outcome && incident.state === "awaiting-authorities" && !awaited) {
    const note = `the outcome of the referral (entry ${outcome.body.ofSeq as number}) is recorded`;
    incident = moveTo(stores, incident, at, "actions", note);
  }
  return { state: incident.state, severity: incident.severity, changes };
}

function moveTo(stores: HubStores, incident: IncidentRow, at: string, to: string, note: string): IncidentRow {
  stores.incidents.appendEntry(incident.id, at, RESPONSE_RULES_ACTOR, "transition", { to, note });
  stores.incidents.setState(incident.id, to);
  return { ...incident, state: to };
}
