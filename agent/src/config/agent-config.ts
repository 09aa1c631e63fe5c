import { CATEGORY_ACTIONS, GROUP_KINDS } from "@fenceline/shared";
import { z } from "zod";

const kebabId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a kebab-case id");
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "host:port, or [v6]:port");
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, "an address block such as 10.0.0.0/16 or fd00::/8");
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM");
const hostName = z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i, "a host name such as example.com");
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const timeWindowSchema = z.strictObject({
  /** Days the window starts on; a window that ends before it starts runs past midnight. */
  days: z.array(z.enum(DAYS)).min(1),
  from: clock,
  to: clock,
  /** Category actions while the window is open, over the group's own. */
  categories: z.record(z.string(), z.enum(CATEGORY_ACTIONS)),
});

const groupSchema = z.strictObject({
  id: kebabId,
  /** Which default actions of the taxonomy apply. */
  kind: z.enum(GROUP_KINDS),
  /** Client address blocks in this group; the most specific block wins. */
  cidrs: z.array(cidr).default([]),
  /** What a blocked lookup gets: the block page's address, NXDOMAIN, or the null address (0.0.0.0 / ::). */
  blockMode: z.enum(["blockpage", "nxdomain", "null-address"]).default("blockpage"),
  /** Category actions that differ from the taxonomy's defaults for this kind of group. */
  categories: z.record(z.string(), z.enum(CATEGORY_ACTIONS)).default({}),
  /** Names (and everything below them) always allowed or always blocked, locked categories apart. */
  allow: z.array(hostName).default([]),
  block: z.array(hostName).default([]),
  windows: z.array(timeWindowSchema).default([]),
  safeSearch: z
    .strictObject({
      enabled: z.boolean().default(true),
      youtube: z.enum(["strict", "moderate", "off"]).default("strict"),
    })
    .default({ enabled: true, youtube: "strict" }),
});

export const agentConfigSchema = z.strictObject({
  /** Addresses to answer DNS on, UDP and TCP. */
  listen: z.array(hostPort).min(1),
  /**
   * Threads answering DNS, each with its own cache, on the same sockets (SO_REUSEPORT): one per
   * core past ~35k queries a second. More than one needs fixed ports in `listen`.
   */
  workers: z.number().int().min(1).max(64).default(1),
  /** Resolvers to forward to, in order of preference: udp://, tcp:// or https:// (DoH). */
  upstreams: z.array(z.string().min(1)).min(1),
  upstreamTimeoutMs: z.number().int().min(50).max(30_000).default(2000),
  /** The compiled list snapshot to load (`fenceline lists compile`). */
  snapshot: z.string().min(1),
  /** Address of the HTTP server for /health, /metrics and the block page. */
  http: hostPort.optional(),
  cache: z
    .strictObject({
      maxEntries: z.number().int().min(0).default(100_000),
      maxBytes: z
        .number()
        .int()
        .min(0)
        .default(64 * 1024 * 1024),
      maxTtl: z.number().int().min(0).default(86_400),
      minTtl: z.number().int().min(0).default(0),
      staleSeconds: z.number().int().min(0).default(86_400),
    })
    .default({ maxEntries: 100_000, maxBytes: 64 * 1024 * 1024, maxTtl: 86_400, minTtl: 0, staleSeconds: 86_400 }),
  policy: z.strictObject({
    /** Time zone of the site, for time windows. */
    timezone: z.string().default("Europe/London"),
    /** Group of clients that no CIDR matches. */
    defaultGroup: kebabId,
    /** TTL of block answers, short so that unblocking takes effect quickly. */
    blockTtl: z.number().int().min(0).max(3600).default(10),
    blockPage: z
      .strictObject({
        ipv4: z.ipv4().optional(),
        ipv6: z.ipv6().optional(),
        /** Where the block page sends people who want a site reviewed. */
        reviewUrl: z.url().optional(),
      })
      .default({}),
    groups: z.array(groupSchema).min(1),
  }),
  /**
   * The durable queue of flagged events (SQLite). Events move there from memory in batches every
   * `flushMs`; past `maxEvents` the oldest are dropped and counted.
   */
  outbox: z
    .strictObject({
      file: z.string().min(1),
      maxEvents: z.number().int().min(1000).default(1_000_000),
      flushMs: z.number().int().min(10).max(10_000).default(200),
    })
    .optional(),
  /**
   * Keeping the lists up to date: on `schedule` (cron, site time) every source is fetched (from
   * its URL with conditional GETs, or from `mirror`), compiled and swapped in; on any failure
   * the lists in force stay, and the failure is reported.
   */
  lists: z
    .strictObject({
      schedule: z.string().default("17 3 * * *"),
      manifest: z.string().optional(),
      mirror: z.string().optional(),
      cacheDir: z.string().default("var/list-cache"),
      maxShrink: z.number().min(0).max(1).default(0.5),
      skipMissing: z.boolean().default(true),
      /** Longest wait for one source's download. */
      timeoutSeconds: z.number().min(1).max(3600).default(120),
    })
    .optional(),
  /** The hub this agent reports to; the credential comes from `fenceline-agent enrol`. */
  hub: z
    .strictObject({
      url: z.url(),
      credentialFile: z.string().min(1),
      /** How often the agent tells the hub it is alive, with its health and list versions. */
      heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
    })
    .optional(),
  /** DHCP leases file, to name clients in events. */
  leases: z.strictObject({ file: z.string(), format: z.enum(["dnsmasq", "isc"]) }).optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type GroupConfig = AgentConfig["policy"]["groups"][number];
export type TimeWindowConfig = GroupConfig["windows"][number];
export const WEEKDAYS = DAYS;
