import type { Taxonomy } from "@fenceline/shared";
import { gradeEvent } from "../domain/grade-event.ts";
import type { IncidentRules } from "../domain/incident-rules.ts";
import { maxSeverity, raiseSeverity, type Severity, severityRank } from "../domain/severity.ts";
import type { StoredEvent } from "../store/event-store.ts";
import type { IncidentAggregate } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { change, type IncidentChange, key, type OpenIncident, subjectOf } from "./engine-incident.ts";

export type { IncidentChange } from "./engine-incident.ts";

const ENGINE = "system (incident engine)";

/**
 * Turns ingested events into incidents, by the rules: one open incident per subject and category
 * while lookups keep coming within the window (the subject is the person when the hub knows them,
 * else the device, else the client address, so one person's devices raise one incident); graded
 * from the taxonomy; raised a grade on repeated attempts; circumvention after a block graded up.
 * Runs inside the ingest transaction, so an event is stored and counted in its incident together,
 * or neither. What it works on is read from the database in that transaction (which holds the
 * write lock), so hub processes sharing the database raise one incident per subject and category;
 * the stored key of the incident being filled is unique, so a second one cannot be stored.
 */
export class IncidentEngine {
  private readonly stores: HubStores;
  private readonly taxonomy: Taxonomy;
  private readonly rules: IncidentRules;
  private readonly now: () => Date;
  /**
   * The open incidents this process filled last, by key: a cache of what repeated attempts it saw,
   * used only while the stored incident is as it left it (another process may have joined it since).
   */
  private cache = new Map<string, OpenIncident>();
  private lastPrune = 0;

  constructor(stores: HubStores, taxonomy: Taxonomy, rules: IncidentRules, now: () => Date = () => new Date()) {
    this.stores = stores;
    this.taxonomy = taxonomy;
    this.rules = rules;
    this.now = now;
  }

  /** Forgets the cache: after a failed transaction, whose incidents may not be as the cache says. */
  reload(): void {
    this.cache.clear();
  }

  /** An incident left the open states (closed, false positive...): its stored key went with the state change. */
  forget(incidentId: number): void {
    for (const [k, incident] of this.cache) if (incident.id === incidentId) this.cache.delete(k);
  }

  /** A person or the response rules re-graded an open incident: the next batch reads the grade from the database. */
  regraded(incidentId: number, _severity: Severity): void {
    this.forget(incidentId);
  }

  /**
   * Applies events about to be stored (new ones only), inside the transaction that stores them:
   * returns what changed, and the incident each event belongs to, to be stored with it.
   */
  apply(events: readonly StoredEvent[]): { changes: IncidentChange[]; incidentOf: Map<string, number> } {
    const changes = new Map<number, IncidentChange>();
    const incidentOf = new Map<string, number>();
    const touched = new Set<OpenIncident>();
    const blocks = new Map<string, number>();
    const nowIso = this.now().toISOString();
    // A sanctioned person's look-ups are refused whatever they are: the sanction, not a concern.
    const graded = events.filter((event) => event.detail !== "sanction").map((event) => this.graded(event));
    // What the batch works on, read up front in a few statements (each a round trip on PostgreSQL):
    // nothing but this loop changes it within the transaction, which holds the write lock.
    const batch = this.openIncidents(graded.flatMap((g) => (g.grade ? [g.key] : [])));
    const storedBlocks = this.stores.lastBlocks.getAll([
      ...new Set(graded.flatMap((g) => (g.grade?.circumvention ? [g.client] : []))),
    ]);
    for (const { event, t, client, grade, key: k } of graded) {
      if (event.outcome === "blocked" && !grade?.circumvention) {
        if ((blocks.get(client) ?? 0) < t) blocks.set(client, t);
      }
      if (!grade) continue;
      let severity = grade.severity;
      let reason = grade.illegal ? "illegal-content category (locked)" : `category ${grade.category}`;
      if (grade.circumvention) {
        const blockedAt = lastBlockOf(client, blocks, storedBlocks);
        if (blockedAt !== undefined && t - blockedAt <= this.rules.circumvention.followsBlockWithinMinutes * 60_000) {
          severity = maxSeverity(severity, this.rules.circumvention.escalateTo);
          reason = "circumvention attempt soon after a blocked lookup";
        }
      }
      const incident = batch.get(k);
      if (incident && t - incident.lastSeenMs <= this.windowMs()) {
        this.join(incident, event, t, severity, reason, nowIso, changes);
        touched.add(incident);
        incidentOf.set(event.id, incident.id);
      } else {
        // Its window lapsed: the stored incident stays open for people, but new lookups start another.
        if (incident) this.stores.incidents.releaseEngineKey(k);
        const created = this.raise(k, event, grade.category, grade.illegal, severity, reason, nowIso);
        batch.set(k, created);
        this.cache.set(k, created);
        changes.set(created.id, change(created, "raised"));
        incidentOf.set(event.id, created.id);
      }
    }
    this.stores.engineIncidents.updateAggregates([...touched].map(aggregateOf));
    this.stores.lastBlocks.noteAll(blocks);
    this.prune();
    return { changes: [...changes.values()], incidentOf };
  }

  /** An event with what the engine decides by: its time, subject, grade and incident key. */
  private graded(event: StoredEvent) {
    const subject = subjectOf(event);
    const grade = gradeEvent(event, this.taxonomy, this.rules);
    return {
      event,
      t: Date.parse(event.time),
      client: `${event.siteId}|${subject}`,
      grade,
      key: grade ? key(event.siteId, subject, grade.category) : "",
    };
  }

  /**
   * The incidents the engine fills under `keys`, as stored (the database is the truth: another
   * process may have raised or joined them), each with the repeated attempts this process cached
   * for it while it is unchanged, else recounted from its stored events. Read once per batch.
   */
  private openIncidents(keys: readonly string[]): Map<string, OpenIncident | undefined> {
    const unique = [...new Set(keys)];
    const rows = this.stores.engineIncidents.openByKeys(unique);
    const unchanged = (k: string) => {
      const row = rows.get(k);
      const cached = this.cache.get(k);
      return row && cached && cached.id === row.id && cached.eventCount === row.eventCount ? cached : undefined;
    };
    const recount = unique.filter((k) => rows.has(k) && !unchanged(k)).map((k) => rows.get(k)?.id as number);
    const times = this.stores.engineIncidents.latestEventTimes(recount, this.rules.repeat.attempts);
    const batch = new Map<string, OpenIncident | undefined>();
    for (const k of unique) {
      const row = rows.get(k);
      if (!row) {
        this.cache.delete(k);
        batch.set(k, undefined);
        continue;
      }
      const recent = unchanged(k)?.recent ?? times.get(row.id) ?? [];
      const found = { ...row, lastSeenMs: Date.parse(row.lastSeen), recent };
      this.cache.set(k, found);
      batch.set(k, found);
    }
    return batch;
  }

  private raise(
    k: string,
    event: StoredEvent,
    category: string,
    illegal: boolean,
    severity: Severity,
    reason: string,
    nowIso: string,
  ): OpenIncident {
    const row = {
      siteId: event.siteId,
      clientAddress: event.clientAddress,
      hostname: event.hostname,
      mac: event.mac,
      group: event.group,
      category,
      autoSeverity: severity,
      severity,
      illegal,
      openedAt: nowIso,
      firstSeen: event.time,
      lastSeen: event.time,
      eventCount: 1,
      personId: event.personId ?? null,
      deviceId: event.deviceId ?? null,
      userName: event.user ?? null,
    };
    const id = this.stores.incidents.insert(row, k);
    this.stores.incidents.appendEntry(id, nowIso, ENGINE, "raised", { severity, reason, eventId: event.id });
    return { ...row, id, lastSeenMs: Date.parse(event.time), repeatEscalated: false, recent: [Date.parse(event.time)] };
  }

  private join(
    incident: OpenIncident,
    event: StoredEvent,
    t: number,
    severity: Severity,
    reason: string,
    nowIso: string,
    changes: Map<number, IncidentChange>,
  ): void {
    incident.eventCount++;
    // Late arrivals (an outbox drained after an outage) can predate the first lookup seen.
    if (event.time < incident.firstSeen) incident.firstSeen = event.time;
    if (t > incident.lastSeenMs) {
      incident.lastSeenMs = t;
      incident.lastSeen = event.time;
    }
    incident.hostname = event.hostname ?? incident.hostname;
    incident.mac = event.mac ?? incident.mac;
    incident.deviceId = event.deviceId ?? incident.deviceId;
    incident.userName = event.user ?? incident.userName;
    const repeatMs = this.rules.repeat.withinMinutes * 60_000;
    incident.recent.push(t);
    if (incident.recent.length > this.rules.repeat.attempts) incident.recent.shift();
    let next = maxSeverity(incident.autoSeverity, severity);
    if (
      !incident.repeatEscalated &&
      incident.recent.length >= this.rules.repeat.attempts &&
      t - (incident.recent[0] as number) <= repeatMs
    ) {
      incident.repeatEscalated = true;
      next = raiseSeverity(next);
      reason = `${this.rules.repeat.attempts} attempts within ${this.rules.repeat.withinMinutes} minutes`;
    }
    if (severityRank(next) > severityRank(incident.autoSeverity)) {
      incident.autoSeverity = next;
      this.stores.incidents.appendEntry(incident.id, nowIso, ENGINE, "auto-escalated", {
        severity: next,
        reason,
        eventId: event.id,
      });
      // A DSL's lower re-grade stands until the automatic grade rises above it.
      if (severityRank(next) > severityRank(incident.severity)) incident.severity = next;
      changes.set(incident.id, change(incident, "escalated"));
    } else {
      const existing = changes.get(incident.id);
      if (existing) existing.eventCount = incident.eventCount;
    }
  }

  private windowMs(): number {
    return this.rules.incidentWindowMinutes * 60_000;
  }

  /** Drops cached incidents and stored blocks too old to matter, at most once a minute, so both stay bounded. */
  private prune(): void {
    const now = this.now().getTime();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const horizon = Math.max(this.windowMs(), this.rules.circumvention.followsBlockWithinMinutes * 60_000);
    for (const [k, incident] of this.cache) if (now - incident.lastSeenMs > this.windowMs()) this.cache.delete(k);
    this.stores.lastBlocks.pruneBefore(now - horizon);
  }
}

/** A subject's last blocked lookup: this batch's, else the stored one (whichever process saw it). */
function lastBlockOf(client: string, blocks: Map<string, number>, stored: Map<string, number>): number | undefined {
  const inBatch = blocks.get(client);
  const before = stored.get(client);
  return inBatch === undefined || before === undefined ? (inBatch ?? before) : Math.max(inBatch, before);
}

/** What is stored of an incident the batch joined. */
function aggregateOf(incident: OpenIncident): IncidentAggregate {
  return {
    id: incident.id,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    eventCount: incident.eventCount,
    autoSeverity: incident.autoSeverity,
    severity: incident.severity,
    repeatEscalated: incident.repeatEscalated,
    hostname: incident.hostname,
    mac: incident.mac,
    deviceId: incident.deviceId,
    userName: incident.userName,
  };
}
