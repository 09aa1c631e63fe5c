import type { WireEvent } from "@fenceline/shared";
import type { Answer } from "../resolver/answer.ts";
import type { QueryContext } from "../resolver/query-context.ts";

/**
 * A flagged lookup as the agent records it for the hub: the wire event (shared/) before the
 * outbox gives it its id. `time` is milliseconds since the epoch, cheaper to take on the DNS path
 * than a formatted date.
 */
export type OutcomeEvent = Omit<WireEvent, "id">;

/** Flagged: blocked, circumvention, safe search enforced, or allowed in a monitored category. */
export function isFlagged(context: QueryContext, answer: Answer): boolean {
  return (
    answer.outcome === "blocked" ||
    answer.outcome === "circumvention" ||
    answer.outcome === "safesearch" ||
    context.monitored.length > 0
  );
}

export function outcomeEvent(context: QueryContext, answer: Answer): OutcomeEvent {
  const reason = answer.reason;
  return {
    time: Date.now(),
    clientAddress: context.client.address,
    group: context.client.group,
    hostname: context.client.hostname,
    mac: context.client.mac,
    name: context.query.name,
    qtype: context.query.qtype,
    outcome: answer.outcome,
    categories: reason?.categories ?? [],
    monitored: context.monitored,
    list: reason?.list ?? null,
    listVersion: reason?.listVersion ?? null,
    rule: reason?.rule ?? null,
    locked: reason?.locked ?? false,
    detail: reason?.detail ?? null,
    user: context.client.user,
    person: context.client.person,
    device: context.client.device,
  };
}
