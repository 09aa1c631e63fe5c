import { OUTCOMES } from "@fenceline/shared";
import { z } from "zod";
import { eventsBefore, nextEventsCursor } from "../domain/event-paging.ts";
import { maskLocked } from "../domain/locked-names.ts";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission, requireSite, validate } from "./access.ts";

export const eventSearchInput = z.strictObject({
  site: z.string().max(40).optional(),
  group: z.string().max(64).optional(),
  category: z.string().max(64).optional(),
  client: z.string().max(255).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
  /** Paging: the `next` cursor of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type EventSearch = z.input<typeof eventSearchInput>;

export type { EventRow } from "../store/event-query-store.ts";

const iso = (text: string | undefined, field: string) => {
  if (text === undefined) return undefined;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new HubError("invalid-request", `"${field}" is not a date`);
  return time.toISOString();
};

/** Searching flagged lookups (paged, identities masked without the permission), exporting them, and subject access. */
export function eventActions(services: HubServices) {
  const { events, subjectAccess, audit, privacy } = services;
  const search = (actor: Actor, input: EventSearch) => {
    requirePermission(actor, "events:read");
    const { cursor, limit, from, to, site, ...rest } = validate(eventSearchInput, input);
    if (site) requireSite(actor, site);
    const fields = Object.fromEntries(Object.entries(rest).filter(([, value]) => value));
    const found = events.search(actor, {
      ...fields,
      ...(site ? { site } : {}),
      ...(from ? { from: iso(from, "from") } : {}),
      ...(to ? { to: iso(to, "to") } : {}),
      sites: actor.sites,
      limit,
      ...(cursor ? { before: eventsBefore(cursor) } : {}),
    });
    // Locked-list names leave the DSL roles only as "locked list entry": in the page, the API and the CSV.
    const rows = found.map((row) => maskLocked(row, actor, services.settings.taxonomy));
    return { events: rows, next: nextEventsCursor(rows, limit) };
  };
  return {
    search,

    /** Up to 10,000 matching lookups for a download; the export is logged. */
    export(actor: Actor, input: Omit<EventSearch, "limit" | "cursor">) {
      const { events: rows } = search(actor, { ...input, limit: 10_000 });
      audit.record(actor, "events.exported", null, { rows: rows.length });
      return rows;
    },

    /** Everything held about one client identifier at the actor's sites; the export is logged. */
    subjectAccess(actor: Actor, input: { client: string }) {
      requirePermission(actor, "subject-access");
      const exported = subjectAccess.export(actor, input.client, (siteId) => actorSeesSite(actor, siteId));
      // The audit trail names a child only by pseudonym: its readers do not see identities.
      audit.record(
        actor,
        "subject-access.exported",
        privacy.pseudonym(exported.client),
        { events: exported.events.length, incidents: exported.incidents.length },
        actor.sites?.length === 1 ? actor.sites[0] : null,
      );
      return exported;
    },
  };
}
