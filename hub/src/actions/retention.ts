import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";

/** Enforcing the retention periods: the daily job, or the command line. Each run is itself logged. */
export function retentionActions(services: HubServices) {
  const { retention, audit, settings } = services;
  return {
    run(actor: Actor) {
      // No role purges data by hand: only the hub itself, on its schedule or from its command line.
      if (!actor.system) throw new HubError("forbidden", "only the hub itself runs retention");
      const result = retention.run();
      audit.record(actor, "retention.purged", null, { ...result, settings: settings.retention });
      return result;
    },
  };
}
