import { parseArgs } from "node:util";
import { pino } from "pino";
import { CLI_ACTOR } from "../actions/index.ts";
import { HubConfigError, loadHubConfig } from "../config/hub-config.ts";
import { isRole } from "../domain/roles.ts";
import type { HubStores } from "../store/open-stores.ts";
import { hubActionsFromConfig } from "./hub-from-config.ts";
import type { Io } from "./io.ts";
import { MIGRATE_STORE_USAGE, migrateStoreMain } from "./migrate-store.ts";
import { openConfiguredStores } from "./open-configured-stores.ts";
import { startHubServer } from "./start-hub.ts";

export type { Io };

const USAGE = `usage:
  fenceline-hub start --config <file>
  fenceline-hub sites add --config <file> <site-id> <name>
  fenceline-hub agents enrol --config <file> <site-id> [--hours <n>]
  fenceline-hub users add --config <file> --email <email> --name <name> --role <role> [--sites a,b]
  fenceline-hub users reset-password --config <file> <email>
  fenceline-hub audit verify --config <file>
  fenceline-hub retention run --config <file>
  ${MIGRATE_STORE_USAGE}
roles: ict-admin, dsl, deputy-dsl, board, auditor
  (the command line may make any account; over the API and dashboard an ict-admin manages only
   ict-admin and board accounts and a dsl only dsl, deputy-dsl and auditor accounts, at their own sites)
`;

const COMMANDS = [
  "start",
  "sites add",
  "agents enrol",
  "users add",
  "users reset-password",
  "audit verify",
  "retention run",
];

/** The hub's command line, acting as the system actor "system:cli" through the same actions as the API; returns the exit code. */
export async function hubMain(argv: string[], io: Io): Promise<number> {
  const [first, second] = argv;
  // Between two stores, not on the configured one: it takes no --config.
  if (first === "migrate-store") return migrateStoreMain(argv.slice(1), io);
  const command = first === "start" ? "start" : `${first} ${second}`;
  const rest = first === "start" ? argv.slice(1) : argv.slice(2);
  if (!COMMANDS.includes(command)) {
    io.err(USAGE);
    return 2;
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(rest);
  } catch (error) {
    io.err(`fenceline-hub: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
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
  if (command === "start") {
    try {
      return await startHubServer(config, io);
    } catch (error) {
      io.err(`fenceline-hub: cannot start: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const stores = openConfiguredStores(config);
  try {
    return await runCommand(command, stores, config, values, positionals, io);
  } catch (error) {
    io.err(`fenceline-hub: ${(error as Error).message}\n`);
    return 1;
  } finally {
    stores.close();
  }
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    options: {
      config: { type: "string" },
      hours: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      sites: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
}

async function runCommand(
  command: string,
  stores: HubStores,
  config: ReturnType<typeof loadHubConfig>,
  values: ReturnType<typeof parseOptions>["values"],
  positionals: string[],
  io: Io,
): Promise<number> {
  const actions = hubActionsFromConfig(stores, config, pino({ level: "silent" }));
  switch (command) {
    case "sites add": {
      const [id, ...name] = positionals;
      if (!id || name.length === 0) return usage(io);
      actions.sites.create(CLI_ACTOR, { id, name: name.join(" ") });
      io.out(`site ${id} created\n`);
      return 0;
    }
    case "agents enrol": {
      const [siteId] = positionals;
      if (!siteId) return usage(io);
      const { token, expiresAt } = actions.sites.issueEnrolmentToken(CLI_ACTOR, {
        siteId,
        hours: Number(values.hours ?? 24),
      });
      io.out(`${token}\n`);
      io.err(
        `one-use enrolment token for site ${siteId}, valid until ${expiresAt}: run on the gateway\n  fenceline-agent enrol --hub <hub url> --token <token> --name <name> --credential-file /etc/fenceline/hub-credential\n`,
      );
      return 0;
    }
    case "users add": {
      if (!values.email || !values.name || !values.role) return usage(io);
      if (!isRole(values.role)) {
        io.err(`fenceline-hub: unknown role "${values.role}"\n${USAGE}`);
        return 2;
      }
      const sites = values.sites ? values.sites.split(",").map((s) => s.trim()) : null;
      const { user, password } = await actions.users.create(CLI_ACTOR, {
        email: values.email,
        name: values.name,
        role: values.role,
        sites,
      });
      io.out(`${password}\n`);
      io.err(
        `user ${user.email} (${user.role}) created; the line above is their one-time password: change it after the first sign-in\n`,
      );
      return 0;
    }
    case "users reset-password": {
      const [email] = positionals;
      if (!email) return usage(io);
      io.out(`${await actions.users.resetPassword(CLI_ACTOR, { userId: email })}\n`);
      return 0;
    }
    case "audit verify": {
      const verdict = actions.audit.verify(CLI_ACTOR);
      if (verdict.ok) {
        const head = verdict.head ? `; sealed head: entry #${verdict.head.seq}, hash ${verdict.head.hash}` : "";
        io.out(`audit log intact: ${verdict.entries} entries, hash chain verified${head}\n`);
        return 0;
      }
      const where = verdict.brokenAt === null ? "" : `entry ${verdict.brokenAt}: `;
      io.err(`AUDIT LOG TAMPERED: ${where}${verdict.problem} (${verdict.entries} entries read)\n`);
      return 3;
    }
    case "retention run": {
      io.out(`${JSON.stringify(actions.retention.run(CLI_ACTOR))}\n`);
      return 0;
    }
  }
  return usage(io);
}

function usage(io: Io): number {
  io.err(USAGE);
  return 2;
}
