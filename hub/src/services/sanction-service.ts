import { formatLocalDate, formatLocalTime } from "../domain/local-time.ts";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { Sanction, SanctionAtSite } from "../store/sanction-store.ts";
import type { PolicyService } from "./policy-service.ts";

/** How every change-log row of a sanction begins: they keep the policy document and make no version. */
export const SANCTION_CHANGE = "sanction #";

/** Who the hub records as lifting a sanction that reached its end. */
export const SANCTION_ENDED_BY = "system (sanction ended)";

export interface SanctionServiceDeps {
  stores: HubStores;
  policies: PolicyService;
  now?: () => Date;
}

/** A sanction as set: checked by the action (reason, end, allow list, incident of the site). */
export interface SanctionInput {
  personId: number;
  siteId: string;
  reason: string;
  endsAt: string;
  allow: string[];
  incidentId: number | null;
}

/**
 * Sanctions on one person ("no internet except the allowed list until Friday 16:00"): each one
 * set, lifted early or ended is recorded in the policy change log (with no name or reason: ICT
 * reads that log) and, when tied to an incident, as an action in the incident's record. The agent
 * applies it from the identity table and stops by itself at its end; the sweep here records the end.
 */
export class SanctionService {
  private readonly deps: Required<SanctionServiceDeps>;

  constructor(deps: SanctionServiceDeps) {
    this.deps = { now: () => new Date(), ...deps };
  }

  set(input: SanctionInput, by: string): Sanction {
    const { stores, policies } = this.deps;
    const at = this.deps.now().toISOString();
    if (input.endsAt <= at) throw new HubError("invalid-request", "the sanction's end is in the past");
    return stores.transaction(() => {
      const id = stores.sanctions.insert({
        personId: input.personId,
        incidentId: input.incidentId,
        reason: input.reason,
        allow: input.allow,
        startsAt: at,
        endsAt: input.endsAt,
        setBy: by,
      });
      const zone = policies.timeZone(input.siteId);
      const allowed = input.allow.length ? input.allow.join(", ") : "only the group's allow list";
      const until = formatLocalTime(input.endsAt, zone);
      policies.noteChange(
        input.siteId,
        by,
        `${SANCTION_CHANGE}${id} set for person #${input.personId} until ${until}; allowed: ${allowed}`,
      );
      if (input.incidentId !== null)
        stores.incidents.appendEntry(input.incidentId, at, by, "action", {
          action: "sanction",
          date: formatLocalDate(at, zone),
          detail: `Sanction #${id}: no internet except ${allowed} until ${until}. ${input.reason}`,
          sanctionId: id,
        });
      return this.existing(id);
    });
  }

  /** Lifts a sanction before its end; refused when it is no longer in force. */
  lift(id: number, by: string): Sanction {
    const sanction = this.existing(id);
    const at = this.deps.now().toISOString();
    if (sanction.liftedAt !== null || sanction.endsAt <= at)
      throw new HubError("conflict", `sanction #${id} is no longer in force`);
    this.deps.stores.transaction(() => this.recordEnd(sanction, at, by, "lifted early"));
    return this.existing(id);
  }

  /** Records every sanction past its end, once each: the sweep. Returns how many. */
  liftEnded(): number {
    const { stores } = this.deps;
    const ended = stores.sanctions.ended(this.deps.now().toISOString());
    for (const sanction of ended)
      stores.transaction(() => this.recordEnd(sanction, sanction.endsAt, SANCTION_ENDED_BY, "lifted (ended)"));
    return ended.length;
  }

  get(id: number): SanctionAtSite | undefined {
    return this.deps.stores.sanctions.get(id);
  }

  ofPerson(personId: number): SanctionAtSite[] {
    return this.deps.stores.sanctions.ofPerson(personId);
  }

  private recordEnd(sanction: SanctionAtSite, at: string, by: string, how: string): void {
    const { stores, policies } = this.deps;
    if (!stores.sanctions.lift(sanction.id, at, by)) return;
    policies.noteChange(
      sanction.siteId,
      by,
      `${SANCTION_CHANGE}${sanction.id} for person #${sanction.personId} ${how}`,
    );
    if (sanction.incidentId !== null)
      stores.incidents.appendEntry(sanction.incidentId, at, by, "action", {
        action: "sanction",
        date: formatLocalDate(at, policies.timeZone(sanction.siteId)),
        detail: `Sanction #${sanction.id} ${how}.`,
        sanctionId: sanction.id,
      });
  }

  private existing(id: number): SanctionAtSite {
    const sanction = this.deps.stores.sanctions.get(id);
    if (!sanction) throw new HubError("not-found", `no sanction ${id}`);
    return sanction;
  }
}
