import type { Taxonomy } from "@fenceline/shared";
import type { Actor, Role } from "./roles.ts";

/**
 * Names on a locked list (the IWF's child abuse list, the CTIRU's terrorism list) are confidential
 * under the lists' terms: only the DSL roles see them. Everyone else, in every view, report and
 * export, sees "locked list entry" with the category instead of the name and the matching rule.
 */
export const LOCKED_ENTRY = "locked list entry";

const LOCKED_READERS: readonly Role[] = ["dsl", "deputy-dsl"];

/** Whether the actor may see locked-list names: the DSL roles, and the hub acting for itself. */
export function seesLockedNames(actor: Actor): boolean {
  return actor.system === true || LOCKED_READERS.includes(actor.role);
}

/** The locked categories among `categories`, by id. */
function lockedOf(categories: readonly string[], taxonomy: Taxonomy): string[] {
  return categories.filter((id) => taxonomy.byId.get(id)?.locked === true);
}

/** "locked list entry (Child sexual abuse material)": what stands in for a locked-list name. */
export function lockedLabel(categoryIds: readonly string[], taxonomy: Taxonomy): string {
  const names = categoryIds.map((id) => taxonomy.byId.get(id)?.name ?? id);
  return names.length > 0 ? `${LOCKED_ENTRY} (${names.join(", ")})` : LOCKED_ENTRY;
}

/**
 * A name counted under categories (the rollups): the name itself, or the stand-in when any of them is
 * locked and not every reader may see it. Stored aggregate reports are read by the board too: never shown there.
 */
export function maskLockedName(
  name: string,
  categories: readonly string[],
  taxonomy: Taxonomy,
  shown: boolean,
): string {
  return maskLockedFor({ name, categories }, shown, taxonomy).name;
}

/** The fields of an event (or anything holding its name) that a locked match makes confidential. */
export interface NamedRecord {
  name: string;
  rule?: string | null;
  categories: readonly string[];
  monitored?: readonly string[];
  locked?: boolean;
}

/**
 * The record as `actor` may see it: for a reader outside the DSL roles, a locked match's name and
 * rule replaced by the stand-in; anything else unchanged.
 */
export function maskLocked<T extends NamedRecord>(record: T, actor: Actor, taxonomy: Taxonomy): T {
  return maskLockedFor(record, seesLockedNames(actor), taxonomy);
}

/** maskLocked by audience rather than actor: `shown` is whether every reader may see locked names (reports). */
export function maskLockedFor<T extends NamedRecord>(record: T, shown: boolean, taxonomy: Taxonomy): T {
  if (shown) return record;
  const locked = lockedOf([...record.categories, ...(record.monitored ?? [])], taxonomy);
  if (locked.length === 0 && record.locked !== true) return record;
  const label = lockedLabel(locked, taxonomy);
  return { ...record, name: label, ...(record.rule === undefined || record.rule === null ? {} : { rule: label }) };
}
