import { responseForClient } from "../../dns/client-response.ts";
import { EDE } from "../../dns/dns-constants.ts";
import { packResponse } from "../../dns/packed-response.ts";
import type { UpstreamPool } from "../../upstream/upstream-pool.ts";
import { localZoneAnswer } from "../../zones/local-zone-answer.ts";
import type { ZoneTable } from "../../zones/zone-table.ts";
import type { Stage } from "../stage.ts";
import { upstreamsFailed } from "./forward-upstream.ts";

/**
 * Names in a forward zone go to that zone's resolvers only: when they do not answer, SERVFAIL,
 * never the public upstreams (which would answer NXDOMAIN for `school.local`, or learn the site's
 * internal names). Names in a private reverse zone no forward zone covers are answered here (NXDOMAIN).
 * Every other name goes on to the public upstreams, after one look at the table's last labels.
 */
export function conditionalUpstream(currentZones: () => ZoneTable<UpstreamPool>): Stage {
  return function conditionalUpstreamStage(context, next) {
    const route = currentZones().lookup(context.query.name);
    if (!route) return next();
    const { query } = context;
    if (route.kind === "local-zone") {
      return {
        bytes: localZoneAnswer(query, route.zone),
        outcome: "resolved",
        reason: { categories: [], detail: "private-reverse-zone", rule: route.zone },
        label: "local-zone",
      };
    }
    return route.pool.resolve(query).then((result) => {
      if (!result) {
        return upstreamsFailed(
          query,
          { code: EDE.NO_REACHABLE_AUTHORITY, text: `the resolvers of forward zone ${route.zone} did not answer` },
          "forward-zone-failed",
        );
      }
      const packed = packResponse(result.response, result.layout);
      return {
        bytes: responseForClient(packed, query, 0),
        outcome: "resolved",
        reason: null,
        label: result.upstream,
        upstream: { packed, layout: result.layout },
      };
    });
  };
}
