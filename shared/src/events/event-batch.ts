import { z } from "zod";
import { LOGIN_MAX } from "../policy/identity.ts";
import { isOutcome, OUTCOMES } from "./outcomes.ts";

/**
 * Versions of the agent → hub payloads the hub accepts: the current one and the one before.
 * 2 added the heartbeat's `counts` (look-ups per outcome, group and label since the last beat);
 * 3 the events' identity (`user`, `person`, `device`).
 */
export const EVENT_SCHEMA_VERSION = 3;
export const ACCEPTED_EVENT_SCHEMA_VERSIONS: readonly number[] = [1, 2, EVENT_SCHEMA_VERSION];

/** The longest client hostname and hardware address an event carries (agents cut DHCP's to fit). */
export const EVENT_HOSTNAME_MAX = 255;
export const EVENT_MAC_MAX = 64;

/** One flagged lookup as it crosses the wire. */
export const wireEventSchema = z.strictObject({
  id: z.string().min(8).max(64),
  time: z.number().int().positive(),
  clientAddress: z.string().min(1).max(64),
  group: z.string().max(64),
  hostname: z.string().max(EVENT_HOSTNAME_MAX).nullable(),
  mac: z.string().max(EVENT_MAC_MAX).nullable(),
  /**
   * Presentation form: up to 253 characters, four times that with RFC 1035 escapes (\DDD), and
   * printable ASCII only (agents escape every other byte). Text beyond ASCII, four bytes a
   * character, would not fit PostgreSQL's index entries of names.
   */
  name: z
    .string()
    .max(1024)
    .regex(/^[\x21-\x7e]*$/, "not a name in presentation form (printable ASCII, other bytes escaped as \\DDD)"),
  qtype: z.number().int().min(0).max(65535),
  outcome: z.enum(OUTCOMES),
  categories: z.array(z.string().max(64)).max(64),
  monitored: z.array(z.string().max(64)).max(64),
  list: z.string().max(128).nullable(),
  listVersion: z.string().max(64).nullable(),
  rule: z.string().max(1024).nullable(),
  locked: z.boolean(),
  detail: z.string().max(128).nullable(),
  /** The user name an identity source (RADIUS accounting) gave for the address at that moment. */
  user: z.string().max(LOGIN_MAX).nullable().optional(),
  /** The hub's person id the agent matched (from the user name, the device or a roaming token). */
  person: z.string().max(64).nullable().optional(),
  /** The hub's device id the agent matched (hardware address in the device table, or a roaming token). */
  device: z.string().max(64).nullable().optional(),
});

export const eventBatchSchema = z.strictObject({
  schemaVersion: z.number().int(),
  events: z.array(z.unknown()).max(10_000),
});

export type WireEvent = z.infer<typeof wireEventSchema>;

/** What an agent reports about itself every minute or so. */
export const heartbeatSchema = z.strictObject({
  schemaVersion: z.number().int(),
  agentVersion: z.string().max(64),
  uptimeSeconds: z.number().min(0),
  /** Look-ups per outcome since the agent started; an outcome's name is short (and fits an index entry). */
  queries: z.record(z.string().max(64), z.number().int().min(0)),
  /**
   * Every look-up since the last beat, flagged or not, counted per outcome, group and label: the
   * category for blocks, the engine for safe search, "cache", the upstream for forwarded answers.
   */
  counts: z
    .array(
      z.strictObject({
        // Checked against the list, but kept a string: agents count outcomes under plain string keys.
        outcome: z.string().refine((value): boolean => isOutcome(value), "not one of the outcomes"),
        group: z.string().max(64),
        label: z.string().max(200),
        n: z.number().int().min(1),
      }),
    )
    .max(10_000)
    .optional(),
  outbox: z.strictObject({ depth: z.number().int().min(0), dropped: z.number().int().min(0) }),
  upstreams: z
    .array(z.strictObject({ url: z.string(), healthy: z.boolean(), lastError: z.string().nullable() }))
    .max(32),
  lists: z.strictObject({
    version: z.string(),
    builtAt: z.string(),
    lists: z.array(z.strictObject({ id: z.string(), version: z.string(), entries: z.number().int().min(0) })).max(1000),
  }),
  /** The last scheduled list update, if the agent runs them. */
  listsUpdate: z
    .strictObject({
      at: z.string(),
      ok: z.boolean(),
      version: z.string().nullable(),
      errors: z.array(z.string()).max(200),
    })
    .nullable()
    .optional(),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;
