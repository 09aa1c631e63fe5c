import { bySql, type HubDatabase } from "./hub-database.ts";
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
  get: db.prepare("SELECT at FROM engine_last_blocks WHERE client = ?"),
  prune: db.prepare("DELETE FROM engine_last_blocks WHERE at < ?"),
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

  get(client: string): number | undefined {
    return (this.statements.get.get(client) as { at: number } | undefined)?.at;
  }

  pruneBefore(at: number): void {
    this.statements.prune.run(at);
  }
}
