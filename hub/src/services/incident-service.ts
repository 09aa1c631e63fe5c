import {
  foldEntries,
  type IncidentEntryInput,
  type IncidentState,
  incidentEntrySchema,
  isTerminalState,
} from "../domain/incident-workflow.ts";
import { type FoldedRecord, flowOf } from "../domain/response-flow.ts";
import { allowedMoves, refusalOf } from "../domain/response-moves.ts";
import type { ResponseRules } from "../domain/response-rules.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { IncidentFilter, IncidentRow } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { actorName } from "./audit-service.ts";
import type { IncidentChange, IncidentEngine } from "./incident-engine.ts";
import type { Pseudonymiser } from "./pseudonymiser.ts";
import { applyResponseEffects } from "./response-effects.ts";
import { DepsService } from "./store-service.ts";

export interface IncidentServiceDeps {
  stores: HubStores;
  engine: IncidentEngine;
  privacy: Pseudonymiser;
  contextMinutes: number;
  /** The response flow as rules (hub/rules/response-rules.yaml): checks on entries, and their effects. */
  responseRules: ResponseRules;
  now?: () => Date;
}

/** The DSL's side of incidents: the queue, one incident whole, and every entry added to its record. */
export class IncidentService extends DepsService<IncidentServiceDeps> {
  /** Incidents at `filter.sites` (null: every site), identities masked unless the actor may see them. */
  list(actor: Actor, filter: IncidentFilter): IncidentRow[] {
    return this.deps.stores.incidents.list(filter).map((row) => this.shown(actor, row));
  }

  /** The incident, or undefined: callers check the site is the user's before anything else. */
  find(id: number): IncidentRow | undefined {
    return this.deps.stores.incidents.get(id);
  }

  /** One incident with its record, events, context and alerts. */
  view(actor: Actor, id: number) {
    const incident = this.existing(id);
    const entries = this.deps.stores.incidents.entries(id);
    const events = this.deps.stores.eventQueries.ofIncident(incident, 1000);
    const span = this.deps.contextMinutes * 60_000;
    const context = this.deps.stores.eventQueries.context(
      incident.siteId,
      incident.clientAddress,
      new Date(Date.parse(incident.firstSeen) - span).toISOString(),
      new Date(Date.parse(incident.lastSeen) + span).toISOString(),
      1000,
    );
    const folded = foldEntries(entries);
    const rules = this.deps.responseRules;
    const mask = <T extends { clientAddress: string; hostname: string | null; mac: string | null }>(row: T) =>
      actorCan(actor, "identities:read") ? row : this.deps.privacy.mask(row);
    return {
      incident: this.shown(actor, incident),
      record: { ...folded, signedOff: incident.state === "closed" ? folded.signedOff : null },
      entries,
      allowedTransitions: allowedMoves(rules, incident, folded, actorCan(actor, "incidents:sign-off")),
      flow: flowOf(incident, folded, rules),
      events: events.map(mask),
      context: context.filter((event) => event.incidentId !== id).map(mask),
      alerts: this.deps.stores.alerts.forIncident(id),
    };
  }

  /**
   * Adds an entry to the record, checked against the workflow and the response rules, with what the
   * rules make of it (a re-grade, awaiting the authorities); returns the state and severity before
   * and after, and the changes alerts must hear of once the transaction is committed.
   */
  addEntry(
    actor: Actor,
    id: number,
    input: unknown,
  ): {
    entry: IncidentEntryInput;
    seq: number;
    state: string;
    severity: string;
    before: { state: string; severity: string };
    changes: IncidentChange[];
  } {
    const parsed = incidentEntrySchema.safeParse(input);
    if (!parsed.success)
      throw new HubError("invalid-request", "not a valid incident entry", issueLines(parsed.error.issues));
    const entry = parsed.data;
    return this.deps.stores.transaction(() => {
      const incident = this.existing(id);
      const record = foldEntries(this.deps.stores.incidents.entries(id));
      this.check(actor, incident, record, entry);
      const at = this.deps.now().toISOString();
      const { kind, ...body } = entry;
      const seq = this.deps.stores.incidents.appendEntry(id, at, actorName(actor), kind, body);
      if (entry.kind === "transition") this.deps.stores.incidents.setState(id, entry.to);
      if (entry.kind === "regrade") {
        this.deps.stores.incidents.setSeverity(id, entry.severity);
        this.deps.engine.regraded(id, entry.severity);
      }
      const after = applyResponseEffects(this.effectsDeps(), id, at, record, { kind: "escalated", seq });
      if (isTerminalState(after.state)) this.deps.engine.forget(id);
      const before = { state: incident.state, severity: incident.severity };
      return { entry, seq, state: after.state, severity: after.severity, before, changes: after.changes };
    });
  }

  /**
   * What the response rules make of an incident just opened with its details (a reported concern):
   * the re-grade and the alert at once its answers call for. Returns a change only when the rules
   * did something; called inside the transaction that opened the incident.
   */
  respondToOpening(incidentId: number): IncidentChange[] {
    const at = this.deps.now().toISOString();
    return applyResponseEffects(this.effectsDeps(), incidentId, at, null, { kind: "raised", seq: null }).changes;
  }

  private effectsDeps() {
    return { stores: this.deps.stores, engine: this.deps.engine, rules: this.deps.responseRules };
  }

  private check(actor: Actor, incident: IncidentRow, record: FoldedRecord, entry: IncidentEntryInput): void {
    const state = incident.state as IncidentState;
    if (entry.kind === "transition") {
      const canSignOff = actorCan(actor, "incidents:sign-off");
      const move = { from: state, to: entry.to, note: entry.note, canSignOff };
      const refusal = refusalOf(this.deps.responseRules, incident, record, move);
      if (refusal) throw new HubError(refusal.code, refusal.message, refusal.details);
      return;
    }
    if (isTerminalState(state) && entry.kind !== "note" && entry.kind !== "correction")
      throw new HubError("conflict", `the incident is ${state}; reopen it before adding a ${entry.kind}`);
    if (entry.kind === "correction") {
      const target = this.deps.stores.incidents.entries(incident.id).find((e) => e.seq === entry.ofSeq);
      if (!target) throw new HubError("invalid-request", `entry ${entry.ofSeq} is not in this incident's record`);
      if (target.kind === "correction" || target.kind === "transition")
        throw new HubError("invalid-request", "corrections and state changes cannot be corrected; add a new entry");
    }
    if (entry.kind === "referral-outcome") {
      if (!record.referrals.some((referral) => referral.seq === entry.ofSeq))
        throw new HubError("invalid-request", `entry ${entry.ofSeq} is not a referral in this incident's record`);
      if (record.referralOutcomes.some((outcome) => outcome.body.ofSeq === entry.ofSeq))
        throw new HubError(
          "conflict",
          `the referral (entry ${entry.ofSeq}) already has an outcome; correct that entry to change it`,
        );
    }
    if (
      entry.kind === "parents-informed" &&
      entry.status === "decided-not" &&
      !entry.reason &&
      this.deps.responseRules.parentsDecidedNotNeedsReason
    )
      throw new HubError("invalid-request", "deciding not to inform parents or carers needs a reason");
  }

  private existing(id: number): IncidentRow {
    const incident = this.deps.stores.incidents.get(id);
    if (!incident) throw new HubError("not-found", `no incident ${id}`);
    return incident;
  }

  private shown(actor: Actor, row: IncidentRow): IncidentRow {
    if (actorCan(actor, "identities:read")) return row;
    // The user name an identity source gave is an identity too.
    const userName = row.userName === null ? null : this.deps.privacy.pseudonym(row.userName);
    return { ...this.deps.privacy.mask(row), userName };
  }
}
