import { z } from "zod";
import { concernInput } from "../actions/incident-reports.ts";
import type { HubActions } from "../actions/index.ts";
import { type RouteDef, route } from "./route-def.ts";

/** Reporting a concern, and the reports one has made. */
export function incidentReportsRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "POST",
      path: "/api/incidents",
      tag: "incidents",
      summary: "Report a concern: opens an incident at one of the user's sites, graded by its kind and answers",
      access: "incidents:report",
      body: concernInput,
      handle: (c, { actor, body }) => c.json(actions.incidentReports.report(actor, body), 201),
    }),
    route({
      method: "GET",
      path: "/api/my-reports",
      tag: "incidents",
      summary: "The concerns the user reported: kind, when, and the state each is in",
      access: "incidents:report",
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }),
      handle: (c, { actor, query }) =>
        c.json({ reports: actions.incidentReports.myReports(actor, { limit: query.limit }) }),
    }),
  ];
}
