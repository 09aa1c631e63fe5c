import { z } from "zod";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import { requirePermission, validate } from "./access.ts";
import { localToday, requirePerson } from "./person-scope.ts";

/** The longest a watch runs before its review: two years. */
const MAX_REVIEW_DAYS = 731;

export const watchInput = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
  /** The date the watch is to be reviewed, on the site's calendar. */
  reviewOn: z.iso.date(),
});

/** The DSL's watch list: a flag on a person with a reason and a review date, shown on their incidents and in the digest. */
export function personWatchActions(services: HubServices) {
  const { stores, audit, policies } = services;
  const now = services.clock;
  return {
    /** The person's watch, or null; for people:read holders (the DSL roles). */
    get(actor: Actor, input: { siteId: string; personId: number }) {
      requirePermission(actor, "people:read");
      requirePerson(stores, actor, input.siteId, input.personId);
      return stores.personWatch.get(input.personId) ?? null;
    },

    set(actor: Actor, input: { siteId: string; personId: number } & z.input<typeof watchInput>) {
      requirePermission(actor, "people:safeguard");
      const { siteId, personId, ...fields } = input;
      requirePerson(stores, actor, siteId, personId);
      const { reason, reviewOn } = validate(watchInput, fields);
      const today = localToday(now(), policies.timeZone(siteId));
      if (reviewOn < today) throw new HubError("invalid-request", "the review date is in the past");
      const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_REVIEW_DAYS * 86_400_000).toISOString();
      if (reviewOn > latest.slice(0, 10))
        throw new HubError("invalid-request", "review the watch within two years: choose an earlier date");
      const watch = { personId, reason, reviewOn, setBy: actorName(actor), setAt: now().toISOString() };
      stores.transaction(() => {
        const before = stores.personWatch.get(personId);
        stores.personWatch.set(watch);
        audit.record(
          actor,
          before ? "person.watch-changed" : "person.watch-set",
          `person ${personId}`,
          { reviewOn },
          siteId,
        );
      });
      return watch;
    },

    /** Takes the person off the watch list; nothing to do when they are not on it (a repeated request). */
    clear(actor: Actor, input: { siteId: string; personId: number }): { ended: boolean } {
      requirePermission(actor, "people:safeguard");
      requirePerson(stores, actor, input.siteId, input.personId);
      return stores.transaction(() => {
        const ended = stores.personWatch.remove(input.personId);
        if (ended) audit.record(actor, "person.watch-ended", `person ${input.personId}`, {}, input.siteId);
        return { ended };
      });
    },
  };
}
