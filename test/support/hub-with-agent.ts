import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type HubDeps } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { enrolOverApi } from "@fenceline/hub/src/testing/enrol-over-api.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";

/** The ICT admin's token on every hub made here. */
export const HUB_ADMIN = "fl_admin-token-for-agent-hub-tests-01234";

/**
 * A hub on a real SQLite file in a fresh folder, with site school-a and one agent ("gw") enrolled
 * through the hub's own routes; the agent's credential is also written to `credentialFile` for
 * an agent's config. `settings` as for `createHub` (an SMTP server for alerts, say). Its services are there for what a test must drive directly (a sweep now).
 */
export async function hubWithAgent(settings?: HubDeps["settings"]) {
  const work = mkdtempSync(join(tmpdir(), "fenceline-hub-"));
  const stores = openHubStores(join(work, "hub.sqlite"));
  const hub = createHub({ stores, log: pino({ level: "silent" }), ...(settings ? { settings } : {}) });
  const { app } = hub;
  grantToken(stores, HUB_ADMIN, "ict-admin");
  const [credential] = (await enrolOverApi(app, HUB_ADMIN, "school-a", ["gw"])) as [string];
  const credentialFile = join(work, "credential");
  writeFileSync(credentialFile, credential);
  return { work, stores, app, services: hub.services, credential, credentialFile };
}

/** Serves `fetch` over real HTTP on 127.0.0.1:`port` until closed. */
export function serveHub(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<{ close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: "127.0.0.1", port }, () =>
      resolve({ close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}
