import type { ForwardZone } from "@fenceline/shared/policy";
import { createUpstream } from "../upstream/create-upstream.ts";
import { type UpstreamHealth, UpstreamPool, type UpstreamPoolOptions } from "../upstream/upstream-pool.ts";
import { ZoneTable } from "./zone-table.ts";

/**
 * The zone table in force, and the resolver pools behind it: one `UpstreamPool` per distinct
 * list of upstreams, kept (with its health) across policy updates that still use it, closed
 * when no zone does any more.
 */
export class ForwardZonePools {
  private readonly local: readonly ForwardZone[];
  private readonly options: UpstreamPoolOptions;
  private pools = new Map<string, UpstreamPool>();
  /** The zones each pool serves, for /health. */
  private zonesOf = new Map<UpstreamPool, string[]>();
  private table: ZoneTable<UpstreamPool>;

  /** `local`: the agent config's own zones, which every policy's zones add to (a policy's win). */
  constructor(
    local: readonly ForwardZone[],
    fromPolicy: readonly ForwardZone[] | undefined,
    options: UpstreamPoolOptions,
  ) {
    this.local = local;
    this.options = options;
    this.table = new ZoneTable([]);
    this.apply(fromPolicy);
  }

  current(): ZoneTable<UpstreamPool> {
    return this.table;
  }

  /**
   * Builds the table for a policy's zones and swaps it in. Throws (the table in force stays) if
   * an upstream address is not valid.
   */
  apply(fromPolicy: readonly ForwardZone[] | undefined): void {
    const byZone = new Map<string, ForwardZone>();
    for (const zone of [...this.local, ...(fromPolicy ?? [])]) byZone.set(zone.zone, zone);
    const next = new Map<string, UpstreamPool>();
    const created: UpstreamPool[] = [];
    try {
      const specs = [...byZone.values()].map((zone) => {
        const key = zone.upstreams.join(" ");
        let pool = next.get(key) ?? this.pools.get(key);
        if (!pool) {
          pool = new UpstreamPool(zone.upstreams.map(createUpstream), this.options);
          created.push(pool);
        }
        next.set(key, pool);
        return { zone: zone.zone, pool, allowByDefault: zone.allowByDefault };
      });
      this.table = new ZoneTable(specs);
      this.zonesOf = new Map();
      for (const spec of specs) this.zonesOf.set(spec.pool, [...(this.zonesOf.get(spec.pool) ?? []), spec.zone]);
    } catch (error) {
      for (const pool of created) pool.close();
      throw error;
    }
    for (const [key, pool] of this.pools) if (!next.has(key)) pool.close();
    this.pools = next;
  }

  /** Each forward zone's resolvers and their health (the domain controllers, say), for /health. */
  status(): { zones: string[]; upstreams: UpstreamHealth[] }[] {
    return [...this.pools.values()].map((pool) => ({ zones: this.zonesOf.get(pool) ?? [], upstreams: pool.status() }));
  }

  close(): void {
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
  }
}
