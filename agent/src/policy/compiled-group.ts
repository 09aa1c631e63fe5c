import type { CategoryAction } from "@fenceline/shared";
import {
  type CompiledLists,
  createMatchBuffer,
  type DomainMatcher,
  listsOf,
  MatcherBuilder,
} from "@fenceline/shared/matcher";
import { type GroupConfig, WEEKDAYS } from "../config/agent-config.ts";
import { minuteOfDay, type SiteTime, windowOpen } from "./site-clock.ts";

/** Which categories a group blocks and which it monitors, as taxonomy bit masks. */
export interface ActionMasks {
  block: Int32Array;
  monitor: Int32Array;
}

interface CompiledWindow {
  days: number[];
  from: number;
  to: number;
  masks: ActionMasks;
}

const ALLOW_LIST = 0;

/**
 * A group's policy against one list snapshot: masks for its category actions (taxonomy defaults
 * for its kind, its own overrides, each time window's), and a matcher of its allow and block
 * names. Locked categories always block. Rebuilt whenever the snapshot or the policy changes.
 */
export class CompiledGroup {
  readonly config: GroupConfig;
  private readonly base: ActionMasks;
  private readonly windows: CompiledWindow[];
  private readonly overrides: DomainMatcher | null;
  private readonly matches = createMatchBuffer();

  constructor(config: GroupConfig, lists: CompiledLists) {
    this.config = config;
    const taxonomy = lists.taxonomy;
    const actions = new Map<string, CategoryAction>(taxonomy.categories.map((c) => [c.id, c.actions[config.kind]]));
    for (const [id, action] of Object.entries(config.categories)) actions.set(id, action);
    this.base = masksFor(actions, lists);
    this.windows = config.windows.map((window) => {
      const during = new Map(actions);
      for (const [id, action] of Object.entries(window.categories)) during.set(id, action);
      return {
        days: window.days.map((d) => WEEKDAYS.indexOf(d)),
        from: minuteOfDay(window.from),
        to: minuteOfDay(window.to),
        masks: masksFor(during, lists),
      };
    });
    this.overrides = overrideMatcher(config.allow, config.block);
  }

  /** The masks in force at `now`: the first open window's, else the group's own. */
  masksAt(now: SiteTime): ActionMasks {
    for (const window of this.windows) if (windowOpen(window.days, window.from, window.to, now)) return window.masks;
    return this.base;
  }

  /** "allow" or "block" when one of the group's own names covers the wire name at `offset`. */
  override(raw: Uint8Array, offset: number): "allow" | "block" | null {
    if (!this.overrides) return null;
    const count = this.overrides.matchWire(raw, offset, this.matches);
    let verdict: "allow" | "block" | null = null;
    for (let m = 0; m < count; m++) {
      for (const list of listsOf(this.overrides.ruleSets, this.matches[2 * m] as number)) {
        if (list === ALLOW_LIST) return "allow";
        verdict = "block";
      }
    }
    return verdict;
  }
}

function masksFor(actions: ReadonlyMap<string, CategoryAction>, lists: CompiledLists): ActionMasks {
  const words = lists.masks.words;
  const block = new Int32Array(words);
  const monitor = new Int32Array(words);
  lists.taxonomy.categories.forEach((category, bit) => {
    const action = category.locked ? "block" : actions.get(category.id);
    const target = action === "block" ? block : action === "monitor" ? monitor : null;
    if (target) target[bit >>> 5] = (target[bit >>> 5] as number) | (1 << (bit & 31));
  });
  return { block, monitor };
}

function overrideMatcher(allow: readonly string[], block: readonly string[]): DomainMatcher | null {
  if (allow.length === 0 && block.length === 0) return null;
  const builder = new MatcherBuilder(0x1234567, 0x7654321, allow.length + block.length);
  [allow, block].forEach((names, list) => {
    for (const name of names) {
      const bytes = new TextEncoder().encode(name.toLowerCase());
      builder.addEntry(list, bytes, 0, bytes.length);
    }
  });
  return builder.finish(2).matcher;
}
