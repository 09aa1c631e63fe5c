import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { z } from "zod";
import { INCIDENT_STATES } from "../domain/incident-workflow.ts";
import { type Actor, actorCan, actorSeesSite } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { type IncidentPerson, personHistory, withPersonNames } from "../services/person-history.ts";
import { requirePermission, validate } from "./access.ts";
import { incidentVisibility } from "./incident-visibility.ts";

export const incidentListInput = z.strictObject({
  states: z.array(z.enum(INCIDENT_STATES)).optional(),
  severities: z.array(z.enum(SEVERITIES_MOST_SEVERE_FIRST)).optional(),
  category: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Paging: incidents older than this one. */
  beforeId: z.number().int().positive().optional(),
});

/** The DSL's incident queue, one incident whole (each viewing logged), and entries added to its record. */
export function incidentActions(services: HubServices) {
  const { stores, incidents, audit } = services;
  // An incident at a site the user does not work with, or restricted to a route they are not on, does not exist for them.
  const visibility = incidentVisibility(services);
  const visible = (actor: Actor, id: number) => {
    const incident = visibility.visible(actor, id);
    return { id, siteId: incident.siteId };
  };
  return {
    /** Incidents at the actor's sites, newest first; with the person's name for people:read holders. */
    list(actor: Actor, input: z.input<typeof incidentListInput> = {}) {
      requirePermission(actor, "incidents:read");
      const filter = validate(incidentListInput, input);
      const rows = incidents.list(actor, {
        ...filter,
        sites: actor.sites,
        restrictedSites: visibility.restrictedSites(actor),
      });
      // The person each is about, by name, for the DSL roles only.
      return actorCan(actor, "people:read") ? withPersonNames(stores, rows) : rows;
    },

    /** The site of an incident the actor may read: for showing its times in the site's zone. */
    siteOf(actor: Actor, input: { id: number }): string {
      requirePermission(actor, "incidents:read");
      return visible(actor, input.id).siteId;
    },

    view(actor: Actor, input: { id: number }) {
      requirePermission(actor, "incidents:read");
      const view = incidents.view(actor, visible(actor, input.id).id);
      const { siteId } = view.incident;
      audit.record(actor, "incident.viewed", `incident ${input.id}`, { siteId }, siteId);
      return view;
    },

    /**
     * Who the incident is about, for people:read holders (the DSL roles): the person's name and
     * groups, watch, sanctions and earlier incidents the actor may know of. Null for everyone else,
     * and when the hub does not know the person.
     */
    person(actor: Actor, input: { id: number }): IncidentPerson | null {
      requirePermission(actor, "incidents:read");
      const incident = visibility.visible(actor, input.id);
      if (!actorCan(actor, "people:read")) return null;
      const restricted = visibility.restrictedSites(actor);
      return personHistory(
        stores,
        incident,
        (row) =>
          actorSeesSite(actor, row.siteId) &&
          (!row.restricted || restricted === null || restricted.includes(row.siteId)),
      );
    },

    /** A state change, details, re-grade, referral, action, review, note or correction; checked against the workflow. */
    addEntry(actor: Actor, input: { id: number; entry: unknown }) {
      requirePermission(actor, "incidents:write");
      const { id, siteId } = visible(actor, input.id);
      const added = stores.transaction(() => {
        const { entry, seq, state, severity, before, changes } = incidents.addEntry(actor, id, input.entry);
        audit.record(
          actor,
          "incident.entry-added",
          `incident ${id}`,
          {
            kind: entry.kind,
            seq,
            ...(entry.kind === "transition" ? { from: before.state, to: entry.to } : {}),
            ...(entry.kind === "regrade" ? { from: before.severity, to: entry.severity } : {}),
            // What the response rules made of it: a re-grade, a move to or from awaiting the authorities.
            ...(state !== before.state || severity !== before.severity ? { after: { state, severity } } : {}),
          },
          siteId,
        );
        return { result: { seq, state, severity }, changes };
      });
      // Alerts go out once the entry is committed: never for an entry that was rolled back.
      if (added.changes.length > 0) services.alerts.notify(added.changes);
      return added.result;
    },
  };
}
