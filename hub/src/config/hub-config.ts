import { readFileSync } from "node:fs";
import { parse, YAMLParseError } from "yaml";
import { z } from "zod";
import { issueLines } from "../hub-error.ts";
import { DEFAULT_AUTH_SETTINGS } from "../services/auth-service.ts";
import { DEFAULT_FLEET_SETTINGS } from "../services/fleet-service.ts";
import { DEFAULT_RETENTION } from "../services/retention-service.ts";

const days = z.number().int().min(1).max(36_500);

const hubConfigSchema = z.strictObject({
  /** Address the hub's HTTP server listens on. */
  listen: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "host:port"),
  /** The SQLite database file (created, and migrated, at start). */
  database: z.string().min(1),
  /** The hub's address as people reach it: links in alert emails. Defaults to http://<listen>. */
  publicUrl: z.url().optional(),
  /** Session cookies marked Secure (HTTPS only). Turn on whenever the hub is served over TLS. */
  secureCookies: z.boolean().default(false),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where alert emails go out. Without it, alerts are recorded as failed and logged. */
  smtp: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      from: z.string().min(3),
      user: z.string().optional(),
      /** File holding the SMTP password, kept out of this file. */
      passwordFile: z.string().optional(),
    })
    .optional(),
  /** Incident rules file; the shipped hub/rules/incident-rules.yaml by default. */
  incidentRules: z.string().optional(),
  fleet: z
    .strictObject({
      offlineAfterSeconds: z.number().int().min(30).max(86_400),
      staleListsAfterDays: z.number().int().min(1).max(90),
    })
    .default(DEFAULT_FLEET_SETTINGS),
  auth: z
    .strictObject({
      lockoutAttempts: z.number().int().min(3).max(20),
      lockoutMinutes: z.number().int().min(1).max(1440),
      attemptsPerAddressPerMinute: z.number().int().min(3).max(1000),
      sessionHours: z.number().int().min(1).max(24),
    })
    .default(DEFAULT_AUTH_SETTINGS),
  /** Reports: the organisation's term dates (for termly reports) and the Chromium used to print PDFs. */
  reports: z
    .strictObject({
      terms: z
        .array(z.strictObject({ name: z.string().min(1).max(100), from: z.iso.date(), to: z.iso.date() }))
        .default([]),
      chromiumPath: z.string().optional(),
    })
    .default({ terms: [] }),
  /** Days each class of data is kept; enforced daily at `schedule` (cron, hub's local time). */
  retention: z
    .strictObject({
      rawEventsDays: days,
      aggregatesDays: days,
      incidentsDays: days,
      auditDays: days,
      schedule: z.string().default("15 3 * * *"),
    })
    .default({ ...DEFAULT_RETENTION, schedule: "15 3 * * *" }),
});

export type HubConfig = z.infer<typeof hubConfigSchema>;

export class HubConfigError extends Error {
  readonly code = "config-invalid";
}

/** Reads and checks the hub's YAML configuration, reporting every problem at once. */
export function loadHubConfig(path: string): HubConfig & { smtpPassword?: string } {
  let value: unknown;
  try {
    value = parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof YAMLParseError) throw new HubConfigError(`${path}: ${error.message.split("\n")[0]}`);
    if ((error as { code?: string }).code === "ENOENT") throw new HubConfigError(`${path}: no such file`);
    throw error;
  }
  const result = hubConfigSchema.safeParse(value);
  if (!result.success) {
    throw new HubConfigError(`${path}: configuration is invalid:\n  ${issueLines(result.error.issues).join("\n  ")}`);
  }
  const passwordFile = result.data.smtp?.passwordFile;
  if (!passwordFile) return result.data;
  try {
    return { ...result.data, smtpPassword: readFileSync(passwordFile, "utf8").trim() };
  } catch {
    throw new HubConfigError(`${passwordFile}: cannot read the SMTP password file`);
  }
}
