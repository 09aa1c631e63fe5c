import { identitySanctionSchema } from "@fenceline/shared/policy";
import { z } from "zod";
import { localToUtc } from "../domain/local-time.ts";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import { requirePermission, validate } from "./access.ts";
import { incidentVisibility } from "./incident-visibility.ts";
import { requirePerson } from "./person-scope.ts";

/** The longest sanction: a term's worth, about four months. */
const MAX_SANCTION_DAYS = 120;

export const sanctionInput = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
  /** When it ends: an instant with its offset, or a date and time on the site's wall clock ("2026-12-11T16:00"). */
  endsAt: z.string().min(1).max(40),
  /** Names still reachable (and everything under them) besides the group's allow list. */
  allow: z.array(z.string().max(253).toLowerCase()).default([]).pipe(identitySanctionSchema.shape.allow.unwrap()),
  /** The incident it answers: it is recorded there too. */
  incidentId: z.number().int().positive().optional(),
});

const instant = z.iso.datetime({ offset: true });

/**
 * Sanctions on one person, set and lifted by the DSL roles at the sites they work with: each is
 * recorded in the policy change log and its incident by the service, and audited here.
 */
export function sanctionActions(services: HubServices) {
  const { stores, audit, policies, sanctions } = services;
  const visibility = incidentVisibility(services);
  return {
    /** The person's sanctions, newest first; for people:read holders. */
    list(actor: Actor, input: { siteId: string; personId: number }) {
      requirePermission(actor, "people:read");
      requirePerson(stores, actor, input.siteId, input.personId);
      return sanctions.ofPerson(input.personId);
    },

    set(actor: Actor, input: { siteId: string; personId: number } & z.input<typeof sanctionInput>) {
      requirePermission(actor, "people:safeguard");
      const { siteId, personId, ...fields } = input;
      requirePerson(stores, actor, siteId, personId);
      const body = validate(sanctionInput, fields);
      const endsAt = endOf(body.endsAt, policies.timeZone(siteId));
      const latest = services.clock().getTime() + MAX_SANCTION_DAYS * 86_400_000;
      if (Date.parse(endsAt) > latest)
        throw new HubError("invalid-request", `a sanction lasts at most ${MAX_SANCTION_DAYS} days`);
      if (body.incidentId !== undefined && visibility.visible(actor, body.incidentId).siteId !== siteId)
        throw new HubError("invalid-request", `incident ${body.incidentId} is not at site "${siteId}"`);
      const allow = [...new Set(body.allow)];
      return stores.transaction(() => {
        const sanction = sanctions.set(
          { personId, siteId, reason: body.reason, endsAt, allow, incidentId: body.incidentId ?? null },
          actorName(actor),
        );
        const detail = { sanctionId: sanction.id, endsAt, allow, incidentId: sanction.incidentId };
        audit.record(actor, "person.sanction-set", `person ${personId}`, detail, siteId);
        return sanction;
      });
    },

    /** Lifts a sanction before its end. */
    lift(actor: Actor, input: { siteId: string; personId: number; sanctionId: number }) {
      requirePermission(actor, "people:safeguard");
      requirePerson(stores, actor, input.siteId, input.personId);
      const found = Number.isSafeInteger(input.sanctionId) ? sanctions.get(input.sanctionId) : undefined;
      if (!found || found.personId !== input.personId)
        throw new HubError("not-found", `no sanction ${input.sanctionId} for person ${input.personId}`);
      return stores.transaction(() => {
        const lifted = sanctions.lift(found.id, actorName(actor));
        audit.record(
          actor,
          "person.sanction-lifted",
          `person ${input.personId}`,
          { sanctionId: found.id },
          input.siteId,
        );
        return lifted;
      });
    },
  };
}

/** The end as an instant: with an offset as given, else read on the site's wall clock. */
function endOf(text: string, zone: string): string {
  if (instant.safeParse(text).success) return new Date(text).toISOString();
  const local = localToUtc(text, zone);
  if (!local)
    throw new HubError(
      "invalid-request",
      "endsAt: a date and time, with an offset (2026-12-11T16:00:00Z) or on the site's clock (2026-12-11T16:00)",
    );
  return local;
}
