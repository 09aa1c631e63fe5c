import { readFileSync } from "node:fs";
import type { HubConfig } from "../config/hub-config.ts";
import { type HubStores, openHubStores, openPostgresStores } from "../store/open-stores.ts";

/**
 * The stores the configuration names: the SQLite file (the default) or the PostgreSQL server, with
 * the reports reading from its replica when one is given (`warn` hears when the replica is out of
 * reach). A `serving` hub checkpoints its SQLite WAL on a thread of its own (`warn` hears of failures).
 */
export function openConfiguredStores(
  config: HubConfig,
  warn: (message: string) => void = () => {},
  serving = false,
): HubStores {
  const keyFile = config.auditKeyFile ? { auditKeyFile: config.auditKeyFile } : {};
  if (config.store === "sqlite")
    return openHubStores(config.database as string, {
      ...keyFile,
      ...(serving ? { backgroundCheckpoints: warn } : {}),
    });
  const postgres = config.postgres as NonNullable<HubConfig["postgres"]>;
  const replica = postgres.replicaUrl ?? (postgres.replicaUrlFile ? readUrlFile(postgres.replicaUrlFile) : undefined);
  return openPostgresStores(postgres.url ?? readUrlFile(postgres.urlFile as string), {
    auditKeyFile: config.auditKeyFile as string,
    attachmentsFolder: postgres.attachmentsFolder,
    rawEventsDays: config.retention.rawEventsDays,
    ...(replica ? { replica: { conninfo: replica, onProblem: warn } } : {}),
  });
}

/** Where the stores are, for the log: the file, or the server without its credentials. */
export function storeLocation(config: HubConfig): string {
  if (config.store === "sqlite") return config.database as string;
  const url = config.postgres?.url;
  return url ? `postgres ${url.replace(/\/\/[^@/]*@/, "//")}` : "postgres (url from file)";
}

function readUrlFile(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new Error(`${file}: cannot read the PostgreSQL URL file: ${(error as Error).message}`);
  }
}
