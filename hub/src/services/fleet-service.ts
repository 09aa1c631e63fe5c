import { ACCEPTED_EVENT_SCHEMA_VERSIONS, type Heartbeat, heartbeatSchema } from "@fenceline/shared";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";

export interface FleetSettings {
  /** An agent silent for longer is shown offline. */
  offlineAfterSeconds: number;
  /** A site whose lists are older than this is shown stale ("the filter is not updating itself"). */
  staleListsAfterDays: number;
}

export const DEFAULT_FLEET_SETTINGS: FleetSettings = { offlineAfterSeconds: 180, staleListsAfterDays: 7 };

/** Agents' heartbeats in, each site's fleet health out: online or not, lists fresh or stale. */
export class FleetService {
  private readonly stores: HubStores;
  private readonly settings: FleetSettings;
  private readonly now: () => Date;

  constructor(stores: HubStores, settings: FleetSettings = DEFAULT_FLEET_SETTINGS, now: () => Date = () => new Date()) {
    this.stores = stores;
    this.settings = settings;
    this.now = now;
  }

  heartbeat(agent: { id: string; siteId?: string }, body: unknown): void {
    const beat = heartbeatSchema.safeParse(body);
    if (!beat.success) throw new HubError("invalid-request", "not a heartbeat", beat.error.issues.slice(0, 5));
    if (!ACCEPTED_EVENT_SCHEMA_VERSIONS.includes(beat.data.schemaVersion)) {
      throw new HubError("unsupported-schema", `heartbeat schema version ${beat.data.schemaVersion} is not accepted`);
    }
    const { counts, ...rest } = beat.data;
    this.stores.fleet.recordHeartbeat(
      agent.id,
      this.now().toISOString(),
      JSON.stringify(rest),
      agent.siteId,
      counts ?? [],
    );
  }

  siteStatus(siteId: string) {
    if (!this.stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
    const now = this.now().getTime();
    const agents = this.stores.fleet.siteAgents(siteId).map((agent) => {
      const beat = agent.lastHeartbeat ? (JSON.parse(agent.lastHeartbeat) as Heartbeat) : null;
      const silentSeconds = agent.lastSeenAt ? (now - Date.parse(agent.lastSeenAt)) / 1000 : null;
      const listAgeDays = beat ? (now - Date.parse(beat.lists.builtAt)) / 86_400_000 : null;
      return {
        id: agent.id,
        name: agent.name,
        revoked: agent.revokedAt !== null,
        online: silentSeconds !== null && silentSeconds <= this.settings.offlineAfterSeconds,
        lastSeenAt: agent.lastSeenAt,
        listsVersion: beat?.lists.version ?? null,
        listAgeDays: listAgeDays === null ? null : Math.round(listAgeDays * 10) / 10,
        listsStale: listAgeDays === null || listAgeDays > this.settings.staleListsAfterDays,
        outbox: beat?.outbox ?? null,
        upstreamsHealthy: beat ? beat.upstreams.some((u) => u.healthy) : null,
        lastListUpdate: beat?.listsUpdate ?? null,
      };
    });
    return { siteId, agents, listsStale: agents.some((a) => !a.revoked && a.listsStale) };
  }
}
