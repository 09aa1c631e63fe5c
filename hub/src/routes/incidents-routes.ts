import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { INCIDENT_STATES, incidentEntrySchema } from "../domain/incident-workflow.ts";
import { HubError } from "../hub-error.ts";
import { param, type RouteDef, route } from "./route-def.ts";

const list = (values: readonly [string, ...string[]]) =>
  z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",") : undefined))
    .pipe(z.array(z.enum(values)).optional());

const incidentQuery = z.object({
  state: list(INCIDENT_STATES),
  severity: list(SEVERITIES_MOST_SEVERE_FIRST),
  category: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

function incidentId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new HubError("invalid-request", "an incident id is a positive number");
  return id;
}

/** The DSL's incident queue, one incident whole, and entries added to its record. */
export function incidentsRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/incidents",
      tag: "incidents",
      summary: "Incidents at the user's sites, newest first; filter by state, severity, category",
      access: "incidents:read",
      query: incidentQuery,
      handle: (c, { actor, query }) =>
        c.json({
          incidents: actions.incidents.list(actor, {
            ...(query.state ? { states: query.state as never } : {}),
            ...(query.severity ? { severities: query.severity as never } : {}),
            ...(query.category ? { category: query.category } : {}),
            limit: query.limit,
            ...(query.before ? { beforeId: query.before } : {}),
          }),
        }),
    }),
    route({
      method: "GET",
      path: "/api/incidents/:incidentId",
      tag: "incidents",
      summary: "One incident: its record, events, the client's lookups either side, alerts; the viewing is logged",
      access: "incidents:read",
      handle: (c, { actor }) => c.json(actions.incidents.view(actor, { id: incidentId(param(c, "incidentId")) })),
    }),
    route({
      method: "GET",
      path: "/api/incidents/:incidentId/person",
      tag: "incidents",
      summary:
        "Who the incident is about (people:read holders only; null otherwise): the person, their watch, sanctions and earlier incidents",
      access: "incidents:read",
      handle: (c, { actor }) =>
        c.json({ person: actions.incidents.person(actor, { id: incidentId(param(c, "incidentId")) }) }),
    }),
    route({
      method: "POST",
      path: "/api/incidents/:incidentId/entries",
      tag: "incidents",
      summary:
        "Add to the incident's record: a state change, details, re-grade, referral, action, review, note or correction",
      access: "incidents:write",
      body: incidentEntrySchema,
      handle: (c, { actor, body }) =>
        c.json(actions.incidents.addEntry(actor, { id: incidentId(param(c, "incidentId")), entry: body }), 201),
    }),
  ];
}
