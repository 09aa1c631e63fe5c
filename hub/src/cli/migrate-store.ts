import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { AuditService, type AuditVerdict } from "../services/audit-service.ts";
import { defaultAuditKeyFile, loadAuditKey } from "../store/audit-key.ts";
import { AuditStore } from "../store/audit-store.ts";
import type { HubDatabase } from "../store/hub-database.ts";
import { openDatabase, type SqliteHubDatabase } from "../store/open-database.ts";
import { PgDatabase } from "../store/pg/pg-database.ts";
import { copyStore, finishStoreCopy, type StoreCopyProgress, TargetNotEmptyError } from "../store/pg/store-copy.ts";
import { copiedTables, countRows } from "../store/pg/store-copy-tables.ts";
import { SettingsStore } from "../store/settings-store.ts";
import type { Io } from "./io.ts";

export const MIGRATE_STORE_USAGE =
  "fenceline-hub migrate-store --from <sqlite file> --to <postgres url> [--audit-key <file>]";

/**
 * `fenceline-hub migrate-store`: copies a SQLite hub's data into an empty PostgreSQL database
 * (resuming a copy it started), then shows each table's rows on both sides and verifies the audit
 * chain on both with the hub's own verifier. Exit 0 when the counts match and both chains hold,
 * 3 when they do not, 2 on a usage error, 1 when the copy cannot be made.
 */
export async function migrateStoreMain(args: string[], io: Io): Promise<number> {
  const options = parseMigrateOptions(args);
  if (typeof options === "string") {
    io.err(`fenceline-hub: ${options}\nusage: ${MIGRATE_STORE_USAGE}\n`);
    return 2;
  }
  let source: SqliteHubDatabase | undefined;
  let target: PgDatabase | undefined;
  try {
    const key = loadAuditKey(options.from, options.auditKey);
    // Brings the file to SQLite's newest schema: the one PostgreSQL's schema mirrors.
    source = openDatabase(options.from);
    target = new PgDatabase(options.to);
    reportCopy(copyStore(source, target), io);
    finishStoreCopy(source, target);
    const countsMatch = compareCounts(source, target, io);
    const chainsHold = [verifyChain("SQLite", source, key, io), verifyChain("PostgreSQL", target, key, io)];
    return countsMatch && chainsHold.every(Boolean) ? 0 : 3;
  } catch (error) {
    const why = error instanceof TargetNotEmptyError ? "refused" : "the copy failed";
    io.err(`fenceline-hub migrate-store: ${why}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    source?.close();
    target?.close();
  }
}

interface MigrateOptions {
  from: string;
  to: string;
  auditKey: string;
}

/** The options, or what is wrong with them. */
function parseMigrateOptions(args: string[]): MigrateOptions | string {
  let values: { from?: string; to?: string; "audit-key"?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { from: { type: "string" }, to: { type: "string" }, "audit-key": { type: "string" } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (!values.from || !values.to) return "--from <sqlite file> and --to <postgres url> are required";
  if (!existsSync(values.from)) return `${values.from}: no such SQLite file`;
  const auditKey = values["audit-key"] ?? defaultAuditKeyFile(values.from);
  // The key is never made here: a new key would not verify the log the old one sealed.
  if (!existsSync(auditKey)) return `${auditKey}: no audit key file (give the hub's with --audit-key <file>)`;
  return { from: values.from, to: values.to, auditKey };
}

function reportCopy(progress: StoreCopyProgress, io: Io): void {
  if (progress.resumed.length > 0)
    io.out(`resuming an interrupted copy: ${progress.resumed.length} tables were copied already\n`);
  for (const trigger of progress.triggersDisabled) io.out(`trigger disabled during its table's copy: ${trigger}\n`);
  io.out(`copied ${progress.copied.length} tables\n`);
}

/** Prints every table's rows on both sides; true when they are all equal. */
function compareCounts(source: SqliteHubDatabase, target: HubDatabase, io: Io): boolean {
  const counts = copiedTables().map((table) => ({
    table,
    sqlite: countRows(source, table),
    postgres: countRows(target, table),
  }));
  io.out(`SQLite:\n${counts.map((c) => `  ${c.table}: ${c.sqlite} rows\n`).join("")}`);
  io.out(`PostgreSQL:\n${counts.map((c) => `  ${c.table}: ${c.postgres} rows\n`).join("")}`);
  const differing = counts.filter((c) => c.sqlite !== c.postgres);
  for (const c of differing) io.err(`COUNTS DIFFER: ${c.table}: SQLite ${c.sqlite} rows, PostgreSQL ${c.postgres}\n`);
  return differing.length === 0;
}

/** Verifies one side's audit chain with the hub's own verifier and prints the verdict. */
function verifyChain(side: string, db: HubDatabase, key: Buffer, io: Io): boolean {
  const verdict: AuditVerdict = new AuditService(new AuditStore(db, new SettingsStore(db), key)).verify();
  if (verdict.ok) io.out(`audit chain on ${side}: intact, ${verdict.entries} entries\n`);
  else {
    const where = verdict.brokenAt === null ? "" : `entry ${verdict.brokenAt}: `;
    io.err(`audit chain on ${side}: BROKEN: ${where}${verdict.problem} (${verdict.entries} entries read)\n`);
  }
  return verdict.ok;
}
