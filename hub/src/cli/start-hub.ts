import { parseHostPort } from "@fenceline/shared";
import { serve } from "@hono/node-server";
import cron from "node-cron";
import { pino } from "pino";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import type { loadHubConfig } from "../config/hub-config.ts";
import { secureCookiesFor } from "../http/secure-cookies-default.ts";
import { createHub } from "../hub-app.ts";
import { hubSettingsFromConfig } from "./hub-from-config.ts";
import type { Io } from "./io.ts";
import { openConfiguredStores, storeLocation } from "./open-configured-stores.ts";

/** How long the retention run's lease is kept: longer than a run, shorter than the time between two. */
const RETENTION_LEASE_MS = 60 * 60_000;

/** Runs the hub until SIGINT or SIGTERM: the HTTP server, the daily retention job, the report schedules and the alert sweeps. */
export async function startHubServer(config: ReturnType<typeof loadHubConfig>, io: Io): Promise<number> {
  const log = pino({
    level: config.logLevel,
    base: { service: "fenceline-hub" },
    redact: ["smtpPassword", "password", "*.password"],
  });
  const listen = parseHostPort(config.listen);
  if (!listen.ok) throw new Error(`listen ${listen.problem}`);
  const { host, port } = listen.value;
  const stores = openConfiguredStores(config, (message) => log.warn(message), true);
  const { app, services, actions } = createHub({
    stores,
    log,
    settings: hubSettingsFromConfig(config),
    secureCookies: secureCookiesFor(config.secureCookies, host),
  });
  if (!actions.users.anyExist())
    io.err(
      "fenceline-hub: no users yet; create the first ICT administrator and the first DSL (who then manages the safeguarding accounts) with\n  fenceline-hub users add --config <file> --email <email> --name <name> --role ict-admin\n  fenceline-hub users add --config <file> --email <email> --name <name> --role dsl\n",
    );
  // Every hub process on the database fires at the same time: the first takes the lease and keeps
  // it past the run, so the others' firings find it held and the run happens once.
  const retention = cron.schedule(
    config.retention.schedule,
    async () => {
      try {
        await services.jobLeases.run("retention", RETENTION_LEASE_MS, () => actions.retention.run(SYSTEM_ACTOR), true);
      } catch (error) {
        log.error({ err: error }, "retention run failed");
      }
    },
    { noOverlap: true },
  );
  actions.reportSchedules.backfillDefaults();
  actions.reportSchedules.start();
  services.alertSweeper.start();
  const listening = new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      started.off("error", reject);
      log.info(
        { port: info.port, store: storeLocation(config), publicUrl: services.settings.publicUrl },
        "hub started",
      );
      resolve(started);
    });
    // An address taken or not ours: a start error, not an uncaught exception.
    started.once("error", reject);
  });
  let server: ReturnType<typeof serve>;
  try {
    server = await listening;
  } catch (error) {
    log.fatal({ err: error }, "hub cannot start");
    await retention.stop();
    actions.reportSchedules.stop();
    await services.alertSweeper.stop();
    services.sender.close();
    stores.close();
    throw error;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await retention.stop();
  actions.reportSchedules.stop();
  await services.alertSweeper.stop();
  await new Promise((resolve) => server.close(resolve));
  await services.alerts.settle();
  services.sender.close();
  stores.close();
  log.info("hub stopped");
  return 0;
}
