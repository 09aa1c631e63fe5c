import { PRIVATE_REVERSE_ZONES } from "./private-reverse-zones.ts";

/** Where a name's questions go: a forward zone's own resolvers, or the agent itself (a private reverse zone). */
export type ZoneRoute<Pool> =
  | { kind: "forward"; zone: string; pool: Pool; allowByDefault: boolean }
  | { kind: "local-zone"; zone: string };

export interface ZoneSpec<Pool> {
  zone: string;
  pool: Pool;
  allowByDefault: boolean;
}

/**
 * The compiled zone table: for a name, the most specific zone that holds it. Built once per
 * configuration or policy, never changed. A name outside every zone costs a few `endsWith` on the
 * zones' last labels (`local`, `arpa`, ...) and allocates nothing; only names under one of those
 * walk their suffixes against the Map.
 */
export class ZoneTable<Pool> {
  private readonly routes: ReadonlyMap<string, ZoneRoute<Pool>>;
  /** The zones' last labels, each with a leading dot ("" for a zone at the root's child). */
  private readonly tails: readonly string[];
  private readonly tailNames: readonly string[];

  constructor(forward: readonly ZoneSpec<Pool>[], privateReverse: readonly string[] = PRIVATE_REVERSE_ZONES) {
    const routes = new Map<string, ZoneRoute<Pool>>();
    // A private reverse zone stays local unless a forward zone is it or holds it.
    for (const zone of privateReverse) {
      if (!forward.some((f) => zone === f.zone || zone.endsWith(`.${f.zone}`)))
        routes.set(zone, { kind: "local-zone", zone });
    }
    for (const f of forward) routes.set(f.zone, { kind: "forward", ...f });
    this.routes = routes;
    const tails = new Set([...routes.keys()].map((zone) => zone.slice(zone.lastIndexOf(".") + 1)));
    this.tailNames = [...tails];
    this.tails = this.tailNames.map((tail) => `.${tail}`);
  }

  /** The route of the most specific zone holding `name` (lower case, no trailing dot), or null. */
  lookup(name: string): ZoneRoute<Pool> | null {
    if (!this.underSomeTail(name)) return null;
    for (let at = 0; at >= 0; ) {
      const route = this.routes.get(at === 0 ? name : name.slice(at));
      if (route) return route;
      const dot = name.indexOf(".", at);
      at = dot < 0 ? -1 : dot + 1;
    }
    return null;
  }

  /** Whether `name` is in a forward zone that skips category blocking. */
  allowsByDefault(name: string): boolean {
    const route = this.lookup(name);
    return route?.kind === "forward" && route.allowByDefault;
  }

  /** The forward zones' resolvers, each once. */
  pools(): Pool[] {
    const pools = new Set<Pool>();
    for (const route of this.routes.values()) if (route.kind === "forward") pools.add(route.pool);
    return [...pools];
  }

  private underSomeTail(name: string): boolean {
    for (let i = 0; i < this.tails.length; i++) {
      if (name.endsWith(this.tails[i] as string) || name === this.tailNames[i]) return true;
    }
    return false;
  }
}
