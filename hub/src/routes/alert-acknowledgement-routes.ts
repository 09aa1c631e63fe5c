import type { HubActions } from "../actions/index.ts";
import { type RouteDef, route } from "./route-def.ts";

/** Acknowledging an incident's alert, so that it is not passed on along its route. */
export function alertAcknowledgementRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "POST",
      path: "/api/incidents/:incidentId/acknowledge",
      tag: "alerts",
      summary: "Acknowledge an incident's alert: the escalation to the next person on its route stops",
      access: "alerts:acknowledge",
      handle: (c, { actor }) =>
        c.json(actions.alertAcknowledgements.acknowledge(actor, { id: c.req.param("incidentId") })),
    }),
    route({
      method: "GET",
      path: "/api/incidents/:incidentId/acknowledgement",
      tag: "alerts",
      summary: "Who acknowledged an incident's alert, and when (null while nobody has)",
      access: "alerts:acknowledge",
      handle: (c, { actor }) =>
        c.json({
          acknowledgement: actions.alertAcknowledgements.acknowledgement(actor, { id: c.req.param("incidentId") }),
        }),
    }),
  ];
}
