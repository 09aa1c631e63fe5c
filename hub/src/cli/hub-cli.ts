import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { HubConfigError, loadHubConfig } from "../config/hub-config.ts";
import { createHubApp } from "../hub-app.ts";
import { EnrolmentService } from "../services/enrolment-service.ts";
import { HubStore } from "../store/hub-store.ts";

const USAGE = `usage:
  fenceline-hub start --config <file>
  fenceline-hub sites add --config <file> <site-id> <name>
  fenceline-hub agents enrol --config <file> <site-id> [--hours <n>]
`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The hub's command line; returns the exit code. */
export async function hubMain(argv: string[], io: Io): Promise<number> {
  const [first, second] = argv;
  const command = first === "start" ? "start" : `${first} ${second}`;
  const rest = first === "start" ? argv.slice(1) : argv.slice(2);
  if (!["start", "sites add", "agents enrol"].includes(command)) {
    io.err(USAGE);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: { config: { type: "string" }, hours: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (!values.config) {
    io.err(`fenceline-hub: --config <file> is required\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadHubConfig>;
  try {
    config = loadHubConfig(values.config);
  } catch (error) {
    if (error instanceof HubConfigError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const store = new HubStore(config.database);
  if (command === "sites add") {
    const [id, ...name] = positionals;
    if (!id || name.length === 0) {
      io.err(USAGE);
      return 2;
    }
    new EnrolmentService(store).createSite(id, name.join(" "));
    io.out(`site ${id} created\n`);
    store.close();
    return 0;
  }
  if (command === "agents enrol") {
    const [siteId] = positionals;
    if (!siteId) {
      io.err(USAGE);
      return 2;
    }
    const { token, expiresAt } = new EnrolmentService(store).issueEnrolmentToken(siteId, Number(values.hours ?? 24));
    io.out(`${token}\n`);
    io.err(
      `one-use enrolment token for site ${siteId}, valid until ${expiresAt}: run on the gateway\n  fenceline-agent enrol --hub <hub url> --token <token> --name <name> --credential-file /etc/fenceline/hub-credential\n`,
    );
    store.close();
    return 0;
  }
  const log = pino({ level: config.logLevel, base: { service: "fenceline-hub" } });
  const app = createHubApp({ store, adminToken: config.adminToken, log });
  const [host, port] = splitAddress(config.listen);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      log.info({ port: info.port, database: config.database }, "hub started");
      resolve(started);
    });
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await new Promise((resolve) => server.close(resolve));
  store.close();
  log.info("hub stopped");
  return 0;
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(":");
  return [address.slice(0, at).replace(/^\[|\]$/g, ""), Number(address.slice(at + 1))];
}
