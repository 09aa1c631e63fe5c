import type { Category } from "../taxonomy/category.ts";
import type { ListInfo } from "./list-info.ts";

/** Names kept per block list for the filtering checks. */
export const LIST_SAMPLES_MAX = 5;

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** A plain host name worth resolving as a sample: two labels or more, letters, digits, hyphens. */
export function isSampleHost(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split(".");
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(labels.at(-1) ?? "");
}

/**
 * Whether a list may give samples at all: block lists of a known, unlocked category only. Locked
 * categories (IWF, CTIRU) are confidential: their names are never copied anywhere.
 */
export function mayKeepSamples(
  list: { kind: "block" | "allow"; category: string | null },
  categories: readonly Category[],
): boolean {
  if (list.kind !== "block") return false;
  const category = categories.find((c) => c.id === list.category);
  return category !== undefined && !category.locked;
}

/**
 * Picks up to `max` names spread evenly over a list read once in order: a sample falls due at each
 * `k × total / max`-th name and is the first valid host name from there on. Deterministic: the same
 * list gives the same samples. A name is read (`name()`) only when a sample is due.
 */
export class SpreadSampler {
  private readonly taken: string[] = [];
  private index = 0;
  private readonly total: number;
  private readonly max: number;

  constructor(total: number, max = LIST_SAMPLES_MAX) {
    this.total = total;
    this.max = max;
  }

  /** Offers the next name of the list. */
  offer(name: () => string): void {
    const count = this.taken.length;
    const due = count < this.max && this.index >= Math.floor((count * this.total) / this.max);
    this.index++;
    if (!due) return;
    const text = name();
    if (isSampleHost(text) && !this.taken.includes(text)) this.taken.push(text);
  }

  samples(): string[] {
    return [...this.taken];
  }
}

/** The list's info with its samples from `names` (in list order), when it may keep any. */
export function withSamples(info: ListInfo, categories: readonly Category[], names: Iterable<string>): ListInfo {
  if (!mayKeepSamples(info, categories)) return info;
  const sampler = new SpreadSampler(info.entries);
  for (const name of names) sampler.offer(() => name);
  return { ...info, samples: sampler.samples() };
}
