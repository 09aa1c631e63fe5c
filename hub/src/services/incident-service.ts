import {
  foldEntries,
  type IncidentEntryInput,
  type IncidentState,
  incidentEntrySchema,
  TERMINAL_STATES,
  TRANSITIONS,
} from "../domain/incident-workflow.ts";
import { flowOf } from "../domain/response-flow.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { IncidentFilter, IncidentRow } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { actorName } from "./audit-service.ts";
import type { IncidentEngine } from "./incident-engine.ts";
import type { Pseudonymiser } from "./pseudonymiser.ts";
import { DepsService } from "./store-service.ts";

export interface IncidentServiceDeps {
  stores: HubStores;
  engine: IncidentEngine;
  privacy: Pseudonymiser;
  contextMinutes: number;
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
    const mask = <T extends { clientAddress: string; hostname: string | null; mac: string | null }>(row: T) =>
      actorCan(actor, "identities:read") ? row : this.deps.privacy.mask(row);
    return {
      incident: this.shown(actor, incident),
      record: { ...folded, signedOff: incident.state === "closed" ? folded.signedOff : null },
      entries,
      allowedTransitions: TRANSITIONS[incident.state as IncidentState] ?? [],
      flow: flowOf(incident, folded),
      events: events.map(mask),
      context: context.filter((event) => event.incidentId !== id).map(mask),
      alerts: this.deps.stores.alerts.forIncident(id),
    };
  }

  /** Adds an entry to the record, checked against the workflow; returns the state and severity before and after. */
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
  } {
    const parsed = incidentEntrySchema.safeParse(input);
    if (!parsed.success)
      throw new HubError("invalid-request", "not a valid incident entry", issueLines(parsed.error.issues));
    const entry = parsed.data;
    return this.deps.stores.transaction(() => {
      const incident = this.existing(id);
      const state = incident.state as IncidentState;
      this.check(actor, incident, state, entry);
      const at = this.deps.now().toISOString();
      const { kind, ...body } = entry;
      const seq = this.deps.stores.incidents.appendEntry(id, at, actorName(actor), kind, body);
      let next = { state: incident.state, severity: incident.severity };
      if (entry.kind === "transition") {
        this.deps.stores.incidents.setState(id, entry.to);
        next = { ...next, state: entry.to };
        if (TERMINAL_STATES.includes(entry.to)) this.deps.engine.forget(id);
      }
      if (entry.kind === "regrade") {
        this.deps.stores.incidents.setSeverity(id, entry.severity);
        next = { ...next, severity: entry.severity };
      }
      return { entry, seq, ...next, before: { state: incident.state, severity: incident.severity } };
    });
  }

  private check(actor: Actor, incident: IncidentRow, state: IncidentState, entry: IncidentEntryInput): void {
    const terminal = TERMINAL_STATES.includes(state);
    if (entry.kind === "transition") {
      if (!TRANSITIONS[state].includes(entry.to))
        throw new HubError("conflict", `an incident in state "${state}" cannot move to "${entry.to}"`, {
          allowed: TRANSITIONS[state],
        });
      if ((entry.to === "closed" || terminal) && !actorCan(actor, "incidents:sign-off"))
        throw new HubError("forbidden", "closing or reopening an incident is the DSL's sign-off");
      if (entry.to === "closed" && !foldEntries(this.deps.stores.incidents.entries(incident.id)).review)
        throw new HubError("conflict", "record the review result and sanctions before signing the incident off");
      if ((entry.to === "false-positive" || entry.to === "no-further-action" || terminal) && !entry.note)
        throw new HubError("invalid-request", `moving to "${entry.to}" needs a note saying why`);
      return;
    }
    if (terminal && entry.kind !== "note" && entry.kind !== "correction")
      throw new HubError("conflict", `the incident is ${state}; reopen it before adding a ${entry.kind}`);
    if (entry.kind === "correction") {
      const target = this.deps.stores.incidents.entries(incident.id).find((e) => e.seq === entry.ofSeq);
      if (!target) throw new HubError("invalid-request", `entry ${entry.ofSeq} is not in this incident's record`);
      if (target.kind === "correction" || target.kind === "transition")
        throw new HubError("invalid-request", "corrections and state changes cannot be corrected; add a new entry");
    }
  }

  private existing(id: number): IncidentRow {
    const incident = this.deps.stores.incidents.get(id);
    if (!incident) throw new HubError("not-found", `no incident ${id}`);
    return incident;
  }

  private shown(actor: Actor, row: IncidentRow): IncidentRow {
    return actorCan(actor, "identities:read") ? row : this.deps.privacy.mask(row);
  }
}
