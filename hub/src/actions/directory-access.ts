import { z } from "zod";
import { type DeviceColumn, guessMapping, type PersonColumn } from "../domain/csv-columns.ts";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { readCsvTable } from "../services/csv-table.ts";
import type { HubStores } from "../store/open-stores.ts";
import { requireSite } from "./access.ts";

/** A site the actor works with and that exists: people and devices belong to one. */
export function requireKnownSite(stores: HubStores, actor: Actor, siteId: string): string {
  requireSite(actor, siteId);
  if (!stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId.slice(0, 40)}"`);
  return siteId;
}

/** A page of a site's people or devices: a text search, a year group (people), an owner (devices). */
export const directoryListInput = z.strictObject({
  q: z.string().trim().max(100).optional(),
  yearGroup: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

/** A person or device id from a path: the hub's row id; anything else names nothing. */
export function rowId(text: string | number, what: string): number {
  const id = typeof text === "number" ? text : /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new HubError("not-found", `no ${what} ${String(text).slice(0, 20)}`);
  return id;
}

/** The fields whose values differ: what an audit entry says changed, without the values (personal data). */
export function changedFields<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): string[] {
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map(String);
}

/** A file's header row and a first guess at the mapping of `fields` to it. */
export function columnsOf<F extends PersonColumn | DeviceColumn>(csv: string, fields: readonly F[]) {
  const { headers, rows } = readCsvTable(csv);
  return { headers, rows: rows.length, guess: guessMapping(fields, headers) };
}
