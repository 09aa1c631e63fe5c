import type { Taxonomy } from "@fenceline/shared";
import { primaryCategory } from "../domain/primary-category.ts";
import type { EventQueryStore } from "../store/event-query-store.ts";
import type { CategorySource } from "../store/review-request-store.ts";

/** A request's category as far as the hub can tell, and where it came from. */
export interface CategoryCheck {
  category: string;
  categorySource: CategorySource;
  /** Every category of the name's latest look-up at the site; empty when the hub holds none. */
  filterCategories: string[];
  /** Whether a look-up of the name at the site matched a locked list. */
  locked: boolean;
}

/**
 * The hub has no matcher of its own: what the lists say of a name is what the agent reported for
 * it, so the name's latest flagged look-up at the site gives the category (its primary one), and
 * the requester's choice stands only when the hub holds none. A locked match, however old, comes
 * first: a locked list never unblocks, and its category is what the request is about.
 */
export function checkRequestCategory(
  events: EventQueryStore,
  taxonomy: Taxonomy,
  request: { siteId: string; name: string; given: string },
): CategoryCheck {
  const known = (id: string) => (taxonomy.byId.has(id) ? id : "unknown");
  const lockedMatch = events.latestLockedOfName(request.siteId, request.name);
  const latest = lockedMatch ?? events.latestOfName(request.siteId, request.name);
  const filterCategories = latest ? [...new Set([...latest.categories, ...latest.monitored])] : [];
  const fromFilter = latest ? primaryCategory(latest) || filterCategories[0] : undefined;
  const locked = lockedMatch !== undefined || filterCategories.some((id) => taxonomy.byId.get(id)?.locked);
  return fromFilter
    ? { category: known(fromFilter), categorySource: "filter", filterCategories, locked }
    : { category: known(request.given), categorySource: "requester", filterCategories, locked };
}
