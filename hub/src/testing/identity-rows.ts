import type { HubDatabase } from "../store/hub-database.ts";
import { openTestDatabase } from "./test-stores.ts";

/**
 * For tests and benchmarks: people and devices written straight into a hub's database file (its
 * own connection), as the directory import would leave them. Close it when done.
 */
export function identityRows(file: string) {
  return identityRowsOn(openTestDatabase(file));
}

/** The same, over a database connection of its own (SQLite or PostgreSQL), closed with the rows' `close`. */
export function identityRowsOn(db: HubDatabase) {
  const at = "2026-11-01T00:00:00.000Z";
  const insertPerson = db.prepare(
    `INSERT INTO people (site_id, kind, display_name, external_id, username, year_group, tutor_group, tags, created_at, updated_at)
     VALUES (@siteId, @kind, @displayName, @externalId, @username, @yearGroup, @tutorGroup, @tags, @at, @at) RETURNING id`,
  );
  const insertDevice = db.prepare(
    `INSERT INTO devices (site_id, mac, hostname, owner_id, kind, label, created_at, updated_at)
     VALUES (@siteId, @mac, @hostname, @ownerId, 'laptop', NULL, @at, @at) RETURNING id`,
  );
  return {
    person(
      siteId: string,
      fields: {
        displayName: string;
        username?: string;
        externalId?: string;
        yearGroup?: string;
        tutorGroup?: string;
        tags?: string[];
        kind?: string;
      },
    ): number {
      return Number(
        insertPerson.run({
          siteId,
          kind: fields.kind ?? "pupil",
          displayName: fields.displayName,
          externalId: fields.externalId ?? null,
          username: fields.username ?? null,
          yearGroup: fields.yearGroup ?? null,
          tutorGroup: fields.tutorGroup ?? null,
          tags: JSON.stringify(fields.tags ?? []),
          at,
        }).lastInsertRowid,
      );
    },
    device(siteId: string, fields: { mac?: string; hostname?: string; ownerId?: number | null }): number {
      return Number(
        insertDevice.run({
          siteId,
          mac: fields.mac ?? null,
          hostname: fields.hostname ?? null,
          ownerId: fields.ownerId ?? null,
          at,
        }).lastInsertRowid,
      );
    },
    close: () => db.close(),
  };
}
