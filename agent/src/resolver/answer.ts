import type { Outcome } from "@fenceline/shared";
import type { PackedResponse } from "../dns/packed-response.ts";
import type { ResponseLayout } from "../dns/response-records.ts";

/** Why: the categories and the rule behind a decision, or what went wrong. */
export interface Reason {
  /** Categories that decided the answer (blocked), or were flagged (monitor-only). */
  categories: string[];
  list?: string;
  listVersion?: string;
  /** The entry that matched; never shown to users for locked categories. */
  rule?: string;
  locked?: boolean;
  /** Categories the group monitors that this allowed lookup fell in. */
  monitored?: string[];
  detail?: string;
}

/** A finished answer: the bytes for the client, and the outcome as data. */
export interface Answer {
  bytes: Uint8Array;
  /** What happened to the query (the shared closed set): events, metrics and reports read it. */
  outcome: Outcome;
  reason: Reason | null;
  /** Low-cardinality label for metrics: the category or the upstream, never the name. */
  label: string;
  /** The upstream response behind the answer, for the cache to keep. */
  upstream?: { packed: PackedResponse; layout: ResponseLayout };
}
