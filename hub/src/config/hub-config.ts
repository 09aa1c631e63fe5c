import { readFileSync } from "node:fs";
import { checkYamlText, hostPortSchema } from "@fenceline/shared";
import { z } from "zod";
import { DEFAULT_ALERT_JOBS } from "../services/alert-sweeper.ts";
import { DEFAULT_ATTACHMENT_SETTINGS } from "../services/attachment-service.ts";
import { DEFAULT_AUTH_SETTINGS } from "../services/auth-service.ts";
import { DEFAULT_FLEET_SETTINGS } from "../services/fleet-service.ts";
import {
  DEFAULT_COVERAGE_HISTORY_DAYS,
  DEFAULT_RETENTION,
  DEFAULT_REVIEW_REQUEST_DAYS,
} from "../services/retention-service.ts";

const days = z.number().int().min(1).max(36_500);

/** A sign-in setting: a whole number in a range, defaulting to DEFAULT_AUTH_SETTINGS' value. */
const authCount = (key: keyof typeof DEFAULT_AUTH_SETTINGS, min: number, max: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(DEFAULT_AUTH_SETTINGS[key] as number);

/** Reports: the organisation's term dates (for termly reports) and the Chromium used to print PDFs. */
const reportsSchema = z.strictObject({
  terms: z
    .array(z.strictObject({ name: z.string().min(1).max(100), from: z.iso.date(), to: z.iso.date() }))
    .default([]),
  chromiumPath: z.string().optional(),
  /** PDFs are printed one at a time; this many more may wait, and beyond that a download gets 503. */
  pdfQueueLength: z.number().int().min(0).max(100).default(4),
});

/** The report settings without a configuration file (and with one that has no `reports`). */
export const DEFAULT_REPORTS = reportsSchema.parse({});

const hubConfigSchema = z
  .strictObject({
    /** Address the hub's HTTP server listens on. */
    listen: hostPortSchema,
    /**
     * Where the hub keeps its data: the embedded SQLite file `database` (the default), or a
     * PostgreSQL server (`postgres`), for large deployments and several hub processes.
     */
    store: z.enum(["sqlite", "postgres"]).default("sqlite"),
    /** The SQLite database file (created, and migrated, at start); with `store: postgres`, unused. */
    database: z.string().min(1).optional(),
    /** With `store: postgres`: the server, and the folder of attached files every hub process shares. */
    postgres: z
      .strictObject({
        /** A postgres:// URL (or libpq's key=value form); put a password in `urlFile` instead. */
        url: z.string().min(1).optional(),
        /** A file holding the URL, kept out of this file (it may hold the password). */
        urlFile: z.string().min(1).optional(),
        /** Attached files, on storage every hub process reaches (there is no database file to keep them beside). */
        attachmentsFolder: z.string().min(1),
        /**
         * A streaming replica of the same database for the reports' reads (optional; at most one of
         * the two): reports then read from it, and from the primary while it cannot be reached.
         */
        replicaUrl: z.string().min(1).optional(),
        replicaUrlFile: z.string().min(1).optional(),
      })
      .refine((p) => (p.url === undefined) !== (p.urlFile === undefined), "give one of url and urlFile")
      .refine(
        (p) => p.replicaUrl === undefined || p.replicaUrlFile === undefined,
        "give at most one of replicaUrl and replicaUrlFile",
      )
      .optional(),
    /** The hub's address as people reach it: links in alert emails. Defaults to http://<listen>. */
    publicUrl: z.url().optional(),
    /**
     * Session cookies marked Secure (HTTPS only), and HSTS sent. Left out: on, unless `listen` is a
     * loopback address (plain HTTP on this machine, or behind a TLS proxy here).
     */
    secureCookies: z.boolean().optional(),
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
    /** Alert webhooks (https only, and never to the school's or the hub's own network, unless allowed here) and alert jobs. */
    alerts: z
      .strictObject({
        /** Seconds between sweeps for due escalations, digests and fleet alerts. */
        sweepSeconds: z.number().min(0.1).max(3600).default(DEFAULT_ALERT_JOBS.sweepSeconds),
        /** The daily digest of medium incidents, HH:MM in each site's zone. */
        digestAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM")
          .default(DEFAULT_ALERT_JOBS.digestAt),
        /** Minutes an agent may be silent in the site's office hours before its ICT administrators are emailed. */
        agentOfflineAlertMinutes: z
          .number()
          .min(0.05)
          .max(24 * 60)
          .default(DEFAULT_ALERT_JOBS.agentOfflineAlertMinutes),
        webhooks: z
          .strictObject({
            /** Hosts (names or addresses, as in the URL) a webhook may reach over plain http:. */
            httpHosts: z.array(z.string().min(1).max(253)).max(50).default([]),
            /** Allow webhooks to loopback, private, link-local and unique-local addresses. */
            privateAddresses: z.boolean().default(false),
          })
          .prefault({}),
      })
      .prefault({}),
    /**
     * The key that seals the audit log's head (HMAC-SHA256), kept outside the database: a file
     * holding 32 or more random bytes. By default "<database>.audit-key", created (mode 0600) at first start.
     */
    auditKeyFile: z.string().min(1).optional(),
    /** Incident rules file; the shipped hub/rules/incident-rules.yaml by default. */
    incidentRules: z.string().optional(),
    /** Response rules file (what the flowchart's answers decide); the shipped hub/rules/response-rules.yaml by default. */
    responseRules: z.string().optional(),
    fleet: z
      .strictObject({
        offlineAfterSeconds: z.number().int().min(30).max(86_400),
        staleListsAfterDays: z.number().int().min(1).max(90),
      })
      .default(DEFAULT_FLEET_SETTINGS),
    /**
     * Reverse proxies (addresses or CIDR ranges) in front of the hub. Only when the connection comes
     * from one of them is the client's address read from X-Forwarded-For; otherwise every client
     * would share the proxy's address (one sign-in limit for the whole school) or could name its own.
     */
    trustedProxies: z
      .array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]))
      .max(100)
      .default([]),
    /** Sign-in, session and API token limits (DEFAULT_AUTH_SETTINGS for anything left out). */
    auth: z
      .strictObject({
        /** Failed sign-ins on one account from one address before each further try must wait 1 s, 2 s, 4 s … */
        lockoutAttempts: authCount("lockoutAttempts", 3, 20),
        /** …up to this many minutes. */
        lockoutMinutes: authCount("lockoutMinutes", 1, 1440),
        attemptsPerAddressPerMinute: authCount("attemptsPerAddressPerMinute", 3, 1000),
        /** A session's absolute lifetime, and how long it may sit unused. */
        sessionHours: authCount("sessionHours", 1, 24),
        idleMinutes: authCount("idleMinutes", 5, 1440),
        /** An API token's lifetime unless its creator chooses one, and the longest they may choose. */
        tokenDays: authCount("tokenDays", 1, 3650),
        tokenMaxDays: authCount("tokenMaxDays", 1, 3650),
        /** Attempts to change one's password per 15 minutes. */
        passwordChangesPer15Minutes: authCount("passwordChangesPer15Minutes", 1, 100),
      })
      .prefault({}),
    /** Files attached to incidents, kept in "attachments" beside the database. */
    attachments: z
      .strictObject({
        /** The largest file accepted, in bytes (10 MiB unless set). */
        maxBytes: z
          .number()
          .int()
          .min(64 * 1024)
          .max(100 * 1024 * 1024)
          .default(DEFAULT_ATTACHMENT_SETTINGS.maxBytes),
      })
      .prefault({}),
    /** Term dates and the PDF printer (see reportsSchema). */
    reports: reportsSchema.prefault({}),
    /** Days each class of data is kept; enforced daily at `schedule` (cron, hub's local time). */
    retention: z
      .strictObject({
        rawEventsDays: days,
        aggregatesDays: days,
        incidentsDays: days,
        auditDays: days,
        reviewRequestsDays: days.default(DEFAULT_REVIEW_REQUEST_DAYS),
        coverageHistoryDays: days.default(DEFAULT_COVERAGE_HISTORY_DAYS),
        schedule: z.string().default("15 3 * * *"),
      })
      // Parsed, so that `schedule` takes its default from its own field.
      .prefault(DEFAULT_RETENTION),
  })
  .refine((c) => c.store !== "sqlite" || c.database !== undefined, {
    path: ["database"],
    message: "the SQLite database file is needed (or set store: postgres)",
  })
  .refine((c) => c.store !== "postgres" || (c.postgres !== undefined && c.auditKeyFile !== undefined), {
    path: ["postgres"],
    message: "store: postgres needs postgres (url or urlFile, attachmentsFolder) and auditKeyFile",
  });

export type HubConfig = z.infer<typeof hubConfigSchema>;

export class HubConfigError extends Error {
  readonly code = "config-invalid";
}

/** Reads and checks the hub's YAML configuration, reporting every problem at once. */
export function loadHubConfig(path: string): HubConfig & { smtpPassword?: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") throw new HubConfigError(`${path}: no such file`);
    throw error;
  }
  const result = checkYamlText(hubConfigSchema, text);
  if (!result.ok) throw new HubConfigError(`${path}: configuration is invalid:\n  ${result.problems.join("\n  ")}`);
  const config = result.value;
  const passwordFile = config.smtp?.passwordFile;
  if (!passwordFile) return config;
  try {
    return { ...config, smtpPassword: readFileSync(passwordFile, "utf8").trim() };
  } catch {
    throw new HubConfigError(`${passwordFile}: cannot read the SMTP password file`);
  }
}
