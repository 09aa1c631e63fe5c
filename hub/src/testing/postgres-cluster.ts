import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** How long one PostgreSQL program (initdb, pg_ctl, createdb) may take before the cluster gives up. */
const PROGRAM_TIMEOUT_MS = 60_000;
/** The OS user that runs the server when the tests run as root (initdb refuses to run as root). */
const SERVICE_USER = "postgres";
/**
 * Throwaway data: no fsync. Room for every test worker's connections (a hot standby needs at least
 * the primary's max_connections, so both take these).
 */
const SERVER_SETTINGS = "-c fsync=off -c full_page_writes=off -c max_connections=300";
/** The cluster's superuser, whatever OS user runs it; trust authentication on loopback. */
export const CLUSTER_SUPERUSER = "postgres";

/**
 * For tests and benchmarks: a throwaway PostgreSQL cluster in a fresh temp folder (trust
 * authentication, UTF8, its socket in the folder), listening on a free port on 127.0.0.1 only.
 * `createDatabase` gives each test file a fresh database; `stop` stops the server and removes the folder.
 */
export interface PostgresCluster {
  readonly port: number;
  /** Its libpq address without a database name ("host=… port=… user=…"). */
  readonly address: string;
  /** Creates an empty database and returns its libpq connection string. */
  createDatabase(name: string): string;
  /**
   * Starts a hot-standby streaming replica of the cluster as it is now (pg_basebackup -R) on another
   * free loopback port; `stop` stops it (the cluster's own `stop` stops it too).
   */
  startReplica(): Promise<PostgresReplica>;
  stop(): void;
}

/** A streaming replica of a test cluster: read-only, replaying the primary's changes. */
export interface PostgresReplica {
  readonly port: number;
  /** Its libpq address without a database name. */
  readonly address: string;
  stop(): void;
}

/** PostgreSQL's server programs: the newest /usr/lib/postgresql/N/bin (Debian's layout), else the PATH. */
export function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return join(root, versions[0], "bin");
  const onPath = (process.env.PATH ?? "").split(delimiter).find((dir) => dir && existsSync(join(dir, "initdb")));
  if (onPath) return onPath;
  throw new Error(
    "PostgreSQL's initdb was not found in /usr/lib/postgresql/*/bin or on PATH (apt-get install postgresql)",
  );
}

/** Whether PostgreSQL's server programs are here (tests that need a cluster skip, with the reason, when not). */
export function hasPostgres(): boolean {
  try {
    findPostgresBin();
    return true;
  } catch {
    return false;
  }
}

/** A port free on 127.0.0.1 just now, from the kernel. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port on 127.0.0.1");
  return address.port;
}

/** Runs a PostgreSQL program, as the service user when we are root; its output is in the error when it fails. */
function runProgram(program: string, args: string[], folder: string): void {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot ? ["runuser", ["-u", SERVICE_USER, "--", program, ...args]] : [program, args];
  try {
    execFileSync(command, commandArgs, { cwd: folder, timeout: PROGRAM_TIMEOUT_MS, stdio: "pipe" });
  } catch (error) {
    const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`${program} ${args.join(" ")} failed: ${(error as Error).message}\n${output}`);
  }
}

/** Gives the temp folder to the service user when we are root, making that user if the machine lacks it. */
function handFolderToServiceUser(folder: string): void {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync("id", ["-u", SERVICE_USER], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER]);
  }
  const uid = Number(execFileSync("id", ["-u", SERVICE_USER]).toString());
  const gid = Number(execFileSync("id", ["-g", SERVICE_USER]).toString());
  chownSync(folder, uid, gid);
}

/** How a cluster is started; by default a throwaway one in a fresh temp folder, with PostgreSQL's settings. */
export interface PostgresClusterOptions {
  /**
   * A folder kept across runs (benchmarks' datasets): made and initialised when it has no cluster
   * yet, reused when it has, and left in place by `stop`.
   */
  folder?: string;
  /** More server settings ("name=value"), e.g. memory sizes for a benchmark. */
  settings?: readonly string[];
}

/** Starts a cluster, throwaway unless `options.folder` is given; call `stop` when done (it removes a throwaway one). */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const kept = options.folder !== undefined;
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), "fenceline-pg-"));
  mkdirSync(folder, { recursive: true });
  const data = join(folder, "data");
  const log = join(folder, "server.log");
  const port = await freePort();
  const program = (name: string) => join(bin, name);
  let started = false;
  let stopReplica = () => {};
  const stop = () => {
    stopReplica();
    if (started) runProgram(program("pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w", "-t", "30"], folder);
    started = false;
    if (!kept) rmSync(folder, { recursive: true, force: true });
  };
  try {
    handFolderToServiceUser(folder);
    if (!existsSync(join(data, "PG_VERSION")))
      runProgram(
        program("initdb"),
        ["-D", data, "-A", "trust", "-E", "UTF8", "--locale=C", "-U", CLUSTER_SUPERUSER, "--no-sync"],
        folder,
      );
    // Loopback only; the socket stays in the folder.
    const extra = (options.settings ?? []).map((setting) => ` -c ${setting}`).join("");
    const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder} ${SERVER_SETTINGS}${extra}`;
    started = true;
    runProgram(program("pg_ctl"), ["start", "-D", data, "-l", log, "-w", "-t", "30", "-o", serverOptions], folder);
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "";
    try {
      stop();
    } catch {
      if (!kept) rmSync(folder, { recursive: true, force: true });
    }
    throw new Error(`the PostgreSQL test cluster did not start: ${(error as Error).message}\n${serverLog}`);
  }
  const address = `host=127.0.0.1 port=${port} user=${CLUSTER_SUPERUSER}`;
  const conninfo = (database: string) => `${address} dbname=${database}`;
  return {
    port,
    address,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      runProgram(program("createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", CLUSTER_SUPERUSER, name], folder);
      return conninfo(name);
    },
    async startReplica() {
      const replica = await startReplicaOf(program, folder, port);
      stopReplica = replica.stop;
      return replica;
    },
    stop,
  };
}

/** A hot standby of the cluster at `primaryPort`, in `folder`/replica, on a free port. */
async function startReplicaOf(
  program: (name: string) => string,
  folder: string,
  primaryPort: number,
): Promise<PostgresReplica> {
  const data = join(folder, "replica");
  const port = await freePort();
  const address = `host=127.0.0.1 port=${port} user=${CLUSTER_SUPERUSER}`;
  const connection = ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", CLUSTER_SUPERUSER];
  runProgram(
    program("pg_basebackup"),
    [...connection, "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
    folder,
  );
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder} ${SERVER_SETTINGS} -c hot_standby=on`;
  const pgCtl = (args: string[]) => runProgram(program("pg_ctl"), [...args, "-D", data], folder);
  pgCtl(["start", "-l", join(folder, "replica.log"), "-w", "-t", "30", "-o", serverOptions]);
  let running = true;
  return {
    port,
    address,
    stop: () => {
      if (running) pgCtl(["stop", "-m", "fast", "-w", "-t", "30"]);
      running = false;
    },
  };
}
