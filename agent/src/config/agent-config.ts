import { hostPortSchema } from "@fenceline/shared";
import {
  forwardZonesSchema,
  type GroupConfig,
  sitePolicySchema,
  type TimeWindowConfig,
  WEEKDAYS,
} from "@fenceline/shared/policy";
import { z } from "zod";
import { DEFAULT_DOWNLOAD_TIMEOUT_SECONDS } from "../lists/source-bytes.ts";

/** `lists`: keeping the lists up to date (described at the field below). */
const listUpdatesSchema = z.strictObject({
  schedule: z.string().default("17 3 * * *"),
  manifest: z.string().optional(),
  mirror: z.string().optional(),
  cacheDir: z.string().default("var/list-cache"),
  maxShrink: z.number().min(0).max(1).default(0.5),
  skipMissing: z.boolean().default(true),
  /** Longest wait for one source's download. */
  timeoutSeconds: z.number().min(1).max(3600).default(DEFAULT_DOWNLOAD_TIMEOUT_SECONDS),
  /**
   * While the lists in force hold no downloaded list (a first start without internet), an
   * update is tried this long after start instead of waiting for `schedule`, and again twice
   * as long after each try that brings none, up to `retryMaxSeconds`.
   */
  retrySeconds: z.number().int().min(1).max(3600).default(120),
  retryMaxSeconds: z.number().int().min(1).max(86_400).default(1800),
});

/** A Wi-Fi controller or switch that sends RADIUS accounting, and the secret it shares with the agent. */
const radiusClientSchema = z
  .strictObject({
    /** Its address, or an address block for several (10.0.0.2, 10.0.0.0/24); the most specific wins. */
    address: z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, "an address or address block such as 10.0.0.0/24"),
    /** The shared secret, or `secretFile`: a file holding it (kept out of the config, mode 0600). */
    secret: z.string().min(1).max(128).optional(),
    secretFile: z.string().min(1).optional(),
  })
  .refine((client) => (client.secret === undefined) !== (client.secretFile === undefined), {
    message: "give either secret or secretFile",
  });

/** `identity`: who is behind an address, from the network (described at the field below). */
const identitySchema = z.strictObject({
  radius: z
    .strictObject({
      /** Where accounting packets arrive (UDP); 1813 is the standard port. */
      listen: hostPortSchema.default("0.0.0.0:1813"),
      clients: z.array(radiusClientSchema).min(1),
      /**
       * How long an address stays mapped to its user after a Start or Interim-Update without a
       * Stop (a controller that lost the Stop); Session-Timeout or three Acct-Interim-Intervals,
       * when the packet gives one, is used instead if shorter.
       */
      leaseSeconds: z
        .number()
        .int()
        .min(60)
        .max(7 * 86_400)
        .default(8 * 3600),
      /** Addresses mapped at most; past this the oldest mapping is dropped (and counted). */
      maxAddresses: z.number().int().min(1).max(1_000_000).default(65_536),
    })
    .optional(),
});

/** The list update settings when the file has no `lists`: `fenceline-agent lists update` still runs. */
export const DEFAULT_LIST_UPDATES = listUpdatesSchema.parse({});

export const agentConfigSchema = z.strictObject({
  /** Addresses to answer DNS on, UDP and TCP; none only for a roaming agent (DNS over HTTPS alone, `doh`). */
  listen: z.array(hostPortSchema),
  /**
   * Threads answering DNS, each with its own cache, on the same sockets (SO_REUSEPORT): one per
   * core past ~35k queries a second. More than one needs fixed ports in `listen`.
   */
  workers: z.number().int().min(1).max(64).default(1),
  /** Resolvers to forward to, in order of preference: udp://, tcp:// or https:// (DoH). */
  upstreams: z.array(z.string().min(1)).min(1),
  /**
   * Internal zones and their own resolvers (the domain controllers for `school.local`): names
   * under a zone, most specific zone first, go there and never to `upstreams`. A policy's
   * `forwardZones` add to these (a policy's wins for the same zone).
   */
  forwardZones: forwardZonesSchema.default([]),
  upstreamTimeoutMs: z.number().int().min(50).max(30_000).default(2000),
  /** How soon a down upstream is first probed (`. NS`), doubling after each failure up to 60 s. */
  upstreamProbeMs: z.number().int().min(100).max(60_000).default(5000),
  /**
   * Questions (per DNS thread) that may wait on the upstreams at once, those sharing another's
   * trip included; more get SERVFAIL or a stale answer at once. Bounds memory under a flood.
   */
  upstreamMaxInFlight: z.number().int().min(1).max(1_000_000).default(5000),
  /**
   * Bounds on DNS over TCP, so that clients trickling bytes or hoarding connections cannot starve
   * others: the idle timer runs only between messages, a message (length and body) must arrive
   * within `messageMs` of its first byte, a connection lives `lifetimeMs` at most, and one client
   * address holds `maxPerClient` connections at once (more are closed at once), `maxConnections` in
   * all (past it, a new connection displaces the oldest one that owes no answer).
   */
  tcp: z
    .strictObject({
      idleMs: z.number().int().min(100).max(300_000).default(10_000),
      messageMs: z.number().int().min(100).max(60_000).default(5_000),
      lifetimeMs: z.number().int().min(100).max(3_600_000).default(30_000),
      maxPerClient: z.number().int().min(1).max(100_000).default(32),
      maxConnections: z.number().int().min(1).max(1_000_000).default(1000),
    })
    // Parsed from {} so that each field's own default above is the only one.
    .prefault({}),
  /** The compiled list snapshot to load (`fenceline lists compile`). */
  snapshot: z.string().min(1),
  /** Address of the HTTP server for /health, /metrics and the block page. */
  http: hostPortSchema.optional(),
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
    // Parsed from {} so that each field's own default above is the only one.
    .prefault({}),
  /** The site's filtering policy (see shared/src/policy/site-policy.ts); the hub can replace it. */
  policy: sitePolicySchema,
  /**
   * The durable queue of flagged events (SQLite). Events move there from memory in batches every
   * `flushMs`, or at once when 100 are waiting; past `maxEvents` the oldest are dropped and counted.
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
  lists: listUpdatesSchema.optional(),
  /** The hub this agent reports to; the credential comes from `fenceline-agent enrol`. */
  hub: z
    .strictObject({
      url: z.url(),
      credentialFile: z.string().min(1),
      /** How often the agent tells the hub it is alive, with its health and list versions. */
      heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
      /** How often the agent asks the hub for its site's policy (a 304 while unchanged). */
      policyPollSeconds: z.number().int().min(5).max(3600).default(60),
      /** How often the agent asks the hub for filtering checks to run (DfE "checks" of the filter). */
      checkPollSeconds: z.number().int().min(1).max(3600).default(60),
      /** The last policy from the hub, kept so that a restart without the hub still applies it. */
      policyCacheFile: z.string().default("var/hub-policy.json"),
    })
    .optional(),
  /**
   * DNS over HTTPS for roaming devices off the site network (RFC 8484, HTTP/2 over TLS) at
   * `/dns-query/<device token>`: the certificate (chain) and private key, PEM files the admin
   * supplies for the public name the devices' profiles give, so that the devices trust it.
   */
  doh: z
    .strictObject({
      listen: hostPortSchema.default("0.0.0.0:443"),
      cert: z.string().min(1),
      key: z.string().min(1),
    })
    .optional(),
  /**
   * Who is behind an address: `radius` takes RADIUS accounting (RFC 2866) from the site's Wi-Fi
   * controllers and 802.1X switches, mapping each address to its signed-in user and MAC.
   */
  identity: identitySchema.optional(),
  /** DHCP leases file, to name clients in events. */
  leases: z.strictObject({ file: z.string(), format: z.enum(["dnsmasq", "isc"]) }).optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type RadiusConfig = NonNullable<NonNullable<AgentConfig["identity"]>["radius"]>;
export { type GroupConfig, type TimeWindowConfig, WEEKDAYS };
