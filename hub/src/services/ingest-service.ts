import { ACCEPTED_EVENT_SCHEMA_VERSIONS, eventBatchSchema, issueLines, wireEventSchema } from "@fenceline/shared";
import type { z } from "zod";
import { HubError } from "../hub-error.ts";
import type { StoredEvent } from "../store/event-store.ts";
import type { ResolvedIdentity } from "../store/identity-lookup-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { IncidentChange, IncidentEngine } from "./incident-engine.ts";

/** How far ahead of the hub's clock an event may be dated: agents' clocks drift, but not by days. */
export const MAX_EVENT_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * Stores an agent's batch of flagged events: the batch is checked whole first (schema version,
 * every field of every event) and refused with the first problems if anything is wrong, so a bad
 * batch stores nothing; a good one is stored in one transaction, repeats ignored by event id,
 * together with the incidents its new events raise or join. Alerts go out after the commit.
 */
export class IngestService {
  private readonly stores: HubStores;
  private readonly engine: IncidentEngine;
  private readonly onIncidents: (changes: IncidentChange[]) => void;

  private readonly now: () => Date;

  constructor(
    stores: HubStores,
    engine: IncidentEngine,
    onIncidents: (changes: IncidentChange[]) => void,
    now: () => Date = () => new Date(),
  ) {
    this.now = now;
    this.stores = stores;
    this.engine = engine;
    this.onIncidents = onIncidents;
  }

  ingest(agent: { id: string; siteId: string }, body: unknown): { stored: number; duplicates: number } {
    const batch = eventBatchSchema.safeParse(body);
    if (!batch.success)
      throw new HubError("invalid-request", "not an event batch", issueLines(batch.error.issues.slice(0, 5)));
    if (!ACCEPTED_EVENT_SCHEMA_VERSIONS.includes(batch.data.schemaVersion)) {
      throw new HubError(
        "unsupported-schema",
        `event schema version ${batch.data.schemaVersion} is not accepted (${ACCEPTED_EVENT_SCHEMA_VERSIONS.join(", ")})`,
      );
    }
    const valid: WireEvent[] = [];
    const problems: string[] = [];
    const latest = this.now().getTime() + MAX_EVENT_AHEAD_MS;
    batch.data.events.forEach((raw, i) => {
      const event = wireEventSchema.safeParse(raw);
      if (!event.success) {
        if (problems.length < 5) problems.push(`events[${i}]: ${issueLines(event.error.issues).join("; ")}`);
        return;
      }
      if (event.data.time > latest) {
        if (problems.length < 5) problems.push(`events[${i}].time: more than a day ahead of the hub's clock`);
        return;
      }
      valid.push(event.data);
    });
    if (problems.length > 0)
      throw new HubError("invalid-request", "the batch has invalid events; nothing was stored", problems);
    const events = this.storedEvents(agent, valid);
    let stored: StoredEvent[];
    let changes: IncidentChange[];
    try {
      // Holding the write lock of the agent's site only: other sites' batches are stored meanwhile.
      [stored, changes] = this.stores.siteTransaction(agent.siteId, () => {
        const receivedAt = new Date().toISOString();
        this.stores.events.prepareMonths(events, receivedAt);
        const fresh = this.stores.events.unseen(events);
        const { changes, incidentOf } = this.engine.apply(fresh);
        return [this.stores.events.insertUnseen(fresh, receivedAt, incidentOf), changes] as const;
      });
    } catch (error) {
      // The engine's working set may have moved ahead of the rolled-back database.
      this.engine.reload();
      throw error;
    }
    if (changes.length > 0) this.onIncidents(changes);
    return { stored: stored.length, duplicates: events.length - stored.length };
  }

  /** The batch's events as the hub stores them, each matched to the site's people and devices (one look-up for the batch). */
  private storedEvents(agent: { id: string; siteId: string }, events: readonly WireEvent[]): StoredEvent[] {
    const identities = this.stores.identities.resolveAll(
      agent.siteId,
      events.map((event) => ({
        person: recordId(event.person),
        device: recordId(event.device),
        user: event.user ?? null,
        mac: event.mac ?? null,
      })),
    );
    // Field by field: object rest and spread cost more than the rest of this per event.
    return events.map((event, i) => {
      const { personId, deviceId } = identities[i] as ResolvedIdentity;
      return {
        id: event.id,
        siteId: agent.siteId,
        agentId: agent.id,
        time: new Date(event.time).toISOString(),
        clientAddress: event.clientAddress,
        group: event.group,
        hostname: event.hostname,
        mac: event.mac,
        name: event.name,
        qtype: event.qtype,
        outcome: event.outcome,
        categories: event.categories,
        monitored: event.monitored,
        list: event.list,
        listVersion: event.listVersion,
        rule: event.rule,
        locked: event.locked,
        user: event.user ?? null,
        personId,
        deviceId,
        detail: event.detail,
      };
    });
  }
}

type WireEvent = z.infer<typeof wireEventSchema>;

/** A person or device id as the agent sent it (the hub's own, as text), or null when it is not one. */
function recordId(value: string | null | undefined): number | null {
  return value && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : null;
}
