import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { enrolOverApi } from "@fenceline/hub/src/testing/enrol-over-api.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { addPasswordUser, TEST_PASSWORD } from "@fenceline/hub/src/testing/password-user.ts";
import { pino } from "pino";
import { freePort } from "./free-port.ts";

const hubBin = new URL("../../hub/bin/fenceline-hub.mjs", import.meta.url).pathname;

export const CHILD_ADMIN = "fl_admin-token-for-hub-child-tests-0123";

export interface HubChild {
  url: string;
  pid: number;
  /** The database file, in the state folder the hub created. */
  database: string;
  credential: string;
  email: string;
  password: string;
  /** The hub process's resident memory, in MiB, from /proc. */
  rssMib: () => number;
  stop: () => Promise<void>;
}

/**
 * `fenceline-hub start` as its own process on 127.0.0.1 (so its memory can be read from /proc),
 * over a database seeded here: site school-a with one enrolled agent, an ICT admin's API token and
 * a DSL who signs in with a password.
 */
export async function startHubChild(): Promise<HubChild> {
  const work = mkdtempSync(join(tmpdir(), "fenceline-hub-child-"));
  const database = join(work, "state", "hub.sqlite");
  const stores = openHubStores(database);
  const seeded = createHub({ stores, log: pino({ level: "silent" }) });
  grantToken(stores, CHILD_ADMIN, "ict-admin");
  const email = await addPasswordUser(seeded.services, "dsl");
  const [credential] = (await enrolOverApi(seeded.app, CHILD_ADMIN, "school-a", ["gw"])) as [string];
  stores.close();
  const hub = await startHubProcess(database);
  return {
    ...{ url: hub.url, pid: hub.pid, database, credential, email, password: TEST_PASSWORD },
    rssMib: () => rssMibOf(hub.pid),
    stop: hub.stop,
  };
}

export interface HubProcess {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL if it lingers; resolves when it has exited. */
  stop: () => Promise<void>;
  /** SIGKILL at once, as a crash would; resolves when it has exited. */
  kill: () => Promise<void>;
}

/**
 * `fenceline-hub start` as its own process on 127.0.0.1 over an existing database (several may
 * share one file); `extraConfig` is appended to its configuration file (YAML).
 */
export function startHubProcess(database: string, extraConfig = ""): Promise<HubProcess> {
  return startHubProcessOn(`database: ${database}\n${extraConfig}`);
}

/** `fenceline-hub start` as its own process on 127.0.0.1 with `config` (YAML: its store and the rest). */
export async function startHubProcessOn(config: string): Promise<HubProcess> {
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), "fenceline-hub-config-"));
  const file = join(folder, "hub.yaml");
  writeFileSync(file, `listen: "127.0.0.1:${port}"\nlogLevel: fatal\n${config}`);
  const child = spawn(process.execPath, [hubBin, "start", "--config", file], { stdio: ["ignore", "ignore", "pipe"] });
  // Its configuration goes with it (the benchmarks run outside the tests' temporary folder).
  child.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => stderr);
  return { url, pid: child.pid as number, stop: () => stop(child), kill: () => kill(child) };
}

async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  // A bound, not a timing: on a loaded two-core machine a hub has taken over 20 s to come up.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the hub exited ${child.exitCode}: ${stderr()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the hub did not answer /health: ${stderr()}`);
}

function rssMibOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return Math.round(kib / 1024);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
