import { pino } from "pino";
import { DEFAULT_LIST_UPDATES } from "../config/agent-config.ts";
import { loadConfig } from "../config/load-config.ts";
import { DEFAULT_MANIFEST_PATH } from "../lists/list-data.ts";
import { ListUpdater } from "../lists/list-updater.ts";
import { readSnapshotFile } from "../lists/snapshot-file.ts";
import type { CommandIo } from "./command-io.ts";
import { stringOptions } from "./string-options.ts";

/**
 * `fenceline-agent lists update`: the scheduled update, now. It writes the snapshot file only if
 * every check passes; a running agent notices the new file and loads it.
 */
export async function listsUpdateCommand(args: string[], io: CommandIo): Promise<number> {
  const values = stringOptions(args, ["config"]);
  if (!values.config) {
    io.err("fenceline-agent lists update: --config <file> is required\n");
    return 2;
  }
  const config = await loadConfig(values.config);
  const lists = config.lists ?? DEFAULT_LIST_UPDATES;
  let current: ReturnType<typeof readSnapshotFile>["meta"] | null = null;
  try {
    current = readSnapshotFile(config.snapshot).meta;
  } catch {
    current = null;
  }
  const updater = new ListUpdater(
    {
      manifestPath: lists.manifest ?? DEFAULT_MANIFEST_PATH,
      origin: {
        cacheDir: lists.cacheDir,
        timeoutMs: lists.timeoutSeconds * 1000,
        ...(lists.mirror ? { mirror: lists.mirror } : {}),
      },
      snapshotPath: config.snapshot,
      maxShrink: lists.maxShrink,
      skipMissing: lists.skipMissing,
    },
    () => current,
    pino({ level: "silent" }),
  );
  const result = await updater.update();
  if (!result.ok) {
    io.err(`lists update failed; the lists in force stay:\n  ${result.errors.join("\n  ")}\n`);
    return 1;
  }
  io.out(`lists updated: version ${result.version} written to ${config.snapshot}\n`);
  return 0;
}
