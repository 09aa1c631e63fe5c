import { readFileSync } from "node:fs";
import { parse, YAMLParseError } from "yaml";
import { z } from "zod";

const hubConfigSchema = z.strictObject({
  /** Address the hub's HTTP server listens on. */
  listen: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "host:port"),
  /** The SQLite database file (created, and migrated, at start). */
  database: z.string().min(1),
  /** File holding the admin API token (until user accounts exist); at least 32 characters. */
  adminTokenFile: z.string().min(1),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type HubConfig = z.infer<typeof hubConfigSchema>;

export class HubConfigError extends Error {
  readonly code = "config-invalid";
}

/** Reads and checks the hub's YAML configuration, reporting every problem at once. */
export function loadHubConfig(path: string): HubConfig & { adminToken: string } {
  let value: unknown;
  try {
    value = parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof YAMLParseError) throw new HubConfigError(`${path}: ${error.message.split("\n")[0]}`);
    throw error;
  }
  const result = hubConfigSchema.safeParse(value);
  if (!result.success) {
    throw new HubConfigError(
      `${path}: configuration is invalid:\n  ${result.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("\n  ")}`,
    );
  }
  const adminToken = readFileSync(result.data.adminTokenFile, "utf8").trim();
  if (adminToken.length < 32)
    throw new HubConfigError(`${result.data.adminTokenFile}: the admin token must be at least 32 characters`);
  return { ...result.data, adminToken };
}
