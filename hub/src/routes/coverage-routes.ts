import type { HubActions } from "../actions/index.ts";
import { param, type RouteDef, route } from "./route-def.ts";

/** Coverage as measured: each category of a site, its sources, whether they loaded, what each group does. */
export function coverageRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/sites/:siteId/coverage",
      tag: "policy",
      summary:
        "Each category at the site: the sources that fill it, configured, loaded and with entries, and each group's action",
      access: "policy:read",
      handle: (c, { actor }) => c.json(actions.coverage.site(actor, { siteId: param(c, "siteId") })),
    }),
  ];
}
