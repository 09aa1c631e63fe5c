import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { GROUP_KINDS, normaliseName } from "@fenceline/shared";
import type { CompiledLists, NameExplanation } from "@fenceline/shared/matcher";
import { readSnapshotFile } from "../lists/snapshot-file.ts";
import type { CommandIo } from "./command-io.ts";

/** Reasons a typed name cannot be a DNS query; a single label (`intranet`) still can. */
const INVALID_QUERY = new Set<string>(["ip-address", "not-a-host-name", "bad-label", "too-long", "bad-idn"]);

const DEFAULT_SNAPSHOT_PATH = process.env.FENCELINE_SNAPSHOT ?? "/var/lib/fenceline/lists.snapshot";

/** `fenceline check`: why a name is (or is not) blocked, for people or (with --json) for scripts. */
export async function runCheck(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      snapshot: { type: "string", default: DEFAULT_SNAPSHOT_PATH },
      json: { type: "boolean", default: false },
      stdin: { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0 && !values.stdin) {
    io.err("fenceline check: give one or more names, or --stdin\n");
    return 2;
  }
  const lists = readSnapshotFile(values.snapshot);
  let invalid = 0;
  const buffer: string[] = [];
  const check = (raw: string) => {
    const name = raw.trim();
    if (name === "" || name.startsWith("#")) return;
    const normalised = normaliseName(name);
    if (INVALID_QUERY.has(normalised)) {
      invalid++;
      buffer.push(
        values.json ? `${JSON.stringify({ name, error: normalised })}\n` : `${name}  invalid name (${normalised})\n`,
      );
    } else {
      // Single-label names are valid queries even though lists may not hold them.
      const query = normalised === "single-label" ? name.toLowerCase().replace(/\.$/, "") : normalised;
      buffer.push(values.json ? jsonLine(lists, query) : textLines(lists, query));
    }
    if (buffer.length >= 512) io.out(buffer.splice(0).join(""));
  };
  for (const name of positionals) check(name);
  if (values.stdin) {
    for await (const line of createInterface({ input: io.stdin(), crlfDelay: Number.POSITIVE_INFINITY })) check(line);
  }
  io.out(buffer.join(""));
  return invalid > 0 ? 1 : 0;
}

function blockedBy(lists: CompiledLists, explanation: NameExplanation): Record<string, boolean> {
  return Object.fromEntries(GROUP_KINDS.map((kind) => [kind, lists.blocksFor(kind, explanation)]));
}

function jsonLine(lists: CompiledLists, name: string): string {
  const explanation = lists.explain(name);
  return `${JSON.stringify({
    name,
    categories: explanation.categories.map(({ id, list, listVersion, rule, locked }) => ({
      id,
      list,
      listVersion,
      rule,
      locked,
    })),
    allowedBy: explanation.allowedBy,
    blocking: explanation.blocking,
    blocked: blockedBy(lists, explanation),
  })}\n`;
}

function textLines(lists: CompiledLists, name: string): string {
  const explanation = lists.explain(name);
  const blocked = Object.entries(blockedBy(lists, explanation))
    .filter(([, is]) => is)
    .map(([kind]) => kind);
  let text = `${name}  ${blocked.length ? `BLOCKED for ${blocked.join(", ")}` : "not blocked for any default group"}\n`;
  if (explanation.categories.length === 0) text += "  no list matches\n";
  for (const match of explanation.categories) {
    text += `  ${match.id}${match.locked ? " (locked)" : ""}  ${match.list}@${match.listVersion}  ${match.rule}\n`;
  }
  if (explanation.allowedBy) text += `  allowed by ${explanation.allowedBy.list}: ${explanation.allowedBy.rule}\n`;
  return text;
}
