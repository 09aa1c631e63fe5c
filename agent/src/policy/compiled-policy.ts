import type { CompiledLists } from "@fenceline/shared/matcher";
import type { AgentConfig } from "../config/agent-config.ts";
import { type BlockPageData, blockPageData } from "../resolver/block-answer.ts";
import { CidrTable } from "./cidr-table.ts";
import { CompiledGroup } from "./compiled-group.ts";
import { CompiledIdentity } from "./compiled-identity.ts";
import { type SiteTime, siteClock } from "./site-clock.ts";

/** Client addresses whose group is remembered; past this the memory starts again. */
const MAX_REMEMBERED_CLIENTS = 65_536;

/**
 * The site's policy compiled against the lists in force: client address → group, and each
 * group's masks. Immutable; a new snapshot or policy builds a new one that is swapped in whole.
 */
export class CompiledPolicy {
  readonly lists: CompiledLists;
  readonly blockTtl: number;
  readonly blockPage: AgentConfig["policy"]["blockPage"];
  /** The block page's addresses as the records a blocked query is answered with. */
  readonly blockPageData: BlockPageData;
  /** The hub's people and devices, with each person's directory group, as lookup maps. */
  readonly identity: CompiledIdentity;
  private readonly groups: Map<string, CompiledGroup>;
  private readonly table: CidrTable;
  private readonly fallback: CompiledGroup;
  private readonly clock: (at: number) => SiteTime;
  /** Group by client address as last looked up: a site has a few thousand clients at most. */
  private readonly groupByAddress = new Map<string, CompiledGroup>();
  private clockMinute = -1;
  private clockValue: SiteTime = { day: 0, minute: 0 };

  constructor(policy: AgentConfig["policy"], lists: CompiledLists) {
    const unknown = policy.groups.flatMap((group) =>
      [...Object.keys(group.categories), ...group.windows.flatMap((w) => Object.keys(w.categories))]
        .filter((id) => !lists.taxonomy.byId.has(id))
        .map((id) => `group "${group.id}": unknown category "${id}"`),
    );
    if (unknown.length > 0) throw new Error(`policy does not fit the lists' taxonomy:\n  ${unknown.join("\n  ")}`);
    this.lists = lists;
    this.blockTtl = policy.blockTtl;
    this.blockPage = policy.blockPage;
    this.blockPageData = blockPageData(policy.blockPage);
    this.groups = new Map(policy.groups.map((group) => [group.id, new CompiledGroup(group, lists)]));
    this.table = new CidrTable(
      policy.groups.flatMap((group) => group.cidrs.map((cidr) => ({ cidr, value: group.id }))),
    );
    this.fallback = this.groups.get(policy.defaultGroup) as CompiledGroup;
    this.identity = new CompiledIdentity(policy.identity, policy.directoryGroups, this.groups);
    this.clock = siteClock(policy.timezone);
  }

  /** A group by its id; the default group for an id the policy does not have. */
  groupNamed(id: string | null): CompiledGroup {
    return (id && this.groups.get(id)) || this.fallback;
  }

  /** A group by its id, or null: no fallback (a check must test the group it names). */
  groupById(id: string): CompiledGroup | null {
    return this.groups.get(id) ?? null;
  }

  /** Every group of the policy, in the policy's order. */
  allGroups(): CompiledGroup[] {
    return [...this.groups.values()];
  }

  groupFor(address: string): CompiledGroup {
    const known = this.groupByAddress.get(address);
    if (known) return known;
    const id = this.table.lookup(address);
    const group = (id && this.groups.get(id)) || this.fallback;
    if (this.groupByAddress.size >= MAX_REMEMBERED_CLIENTS) this.groupByAddress.clear();
    this.groupByAddress.set(address, group);
    return group;
  }

  /** Site-local time, read at most once a minute. */
  now(at: number): SiteTime {
    const minute = Math.floor(at / 60_000);
    if (minute !== this.clockMinute) {
      this.clockMinute = minute;
      this.clockValue = this.clock(at);
    }
    return this.clockValue;
  }
}
