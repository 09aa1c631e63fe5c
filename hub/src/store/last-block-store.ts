import { bySql, type HubDatabase } from "./hub-database.ts";
import { jsonTextValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

const prepareStatements = (db: HubDatabase) => ({
  note: db.prepare(
    bySql(db, {
      sqlite: `INSERT INTO engine_last_blocks (client, at) VALUES (?, ?)
     ON CONFLICT(client) DO UPDATE SET at = max(at, excluded.at)`,
      postgres: `INSERT INTO engine_last_blocks (client, at) VALUES (?, ?)
     ON CONFLICT(client) DO UPDATE SET at = GREATEST(engine_last_blocks.at, excluded.at)`,
    }),
  ),
  // PostgreSQL: a batch's blocks in one statement (clients come once each, as an upsert needs).
  noteAll:
    db.dialect === "postgres"
      ? db.prepare(`INSERT INTO engine_last_blocks (client, at)
          SELECT b->>0, (b->>1)::bigint FROM jsonb_array_elements(?::jsonb) AS j(b)
          ON CONFLICT(client) DO UPDATE SET at = GREATEST(engine_last_blocks.at, excluded.at)`)
      : null,
  get: db.prepare("SELECT at FROM engine_last_blocks WHERE client = ?"),
  getAll: db.prepare(`SELECT client, at FROM engine_last_blocks WHERE client IN ${jsonTextValues(db, "?")}`),
  // PostgreSQL: rows another site's batch holds are left for the next prune, not waited for.
  prune: db.prepare(
    bySql(db, {
      sqlite: "DELETE FROM engine_last_blocks WHERE at < ?",
      postgres: `DELETE FROM engine_last_blocks WHERE client IN
        (SELECT client FROM engine_last_blocks WHERE at < ? FOR UPDATE SKIP LOCKED)`,
    }),
  ),
});

/**
 * Each subject's last blocked lookup (site and subject, epoch ms), which the incident engine
 * grades a circumvention attempt soon after by: kept in the database, so a block ingested by one
 * hub process counts for an attempt another ingests. Pruned past the engine's horizon.
 */
export class LastBlockStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  note(client: string, at: number): void {
    this.statements.note.run(client, at);
  }

  /** Notes each client's block: one statement on PostgreSQL, one per client on SQLite (as quick in process). */
  noteAll(blocks: ReadonlyMap<string, number>): void {
    if (this.statements.noteAll === null) {
      for (const [client, at] of blocks) this.note(client, at);
    } else if (blocks.size > 0) this.statements.noteAll.run(JSON.stringify([...blocks]));
  }

  /** The stored last blocks of any of `clients`, by client. */
  getAll(clients: readonly string[]): Map<string, number> {
    if (clients.length === 0) return new Map();
    const rows = this.statements.getAll.all(JSON.stringify(clients)) as { client: string; at: number }[];
    return new Map(rows.map((row) => [row.client, row.at]));
  }

  get(client: string): number | undefined {
    return (this.statements.get.get(client) as { at: number } | undefined)?.at;
  }

  pruneBefore(at: number): void {
    this.statements.prune.run(at);
  }
}
