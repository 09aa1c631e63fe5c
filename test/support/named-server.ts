import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ask } from "./dns-client.ts";
import { freePort } from "./free-port.ts";

/** A zone a test serves: its name and the records after the SOA and NS, in master-file syntax. */
export interface ZoneText {
  name: string;
  records: string;
}

export interface NamedServer {
  port: number;
  /** `127.0.0.1:<port>`, as an upstream address. */
  address: string;
  /** The names this server was asked for since it started, in any class (from its query log). */
  queriedNames(): string[];
  stop(): Promise<void>;
}

/** Whether Debian's `named` (package bind9) is on this machine; tests that need it skip without it. */
export function hasNamed(): boolean {
  try {
    execFileSync("/usr/sbin/named", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function zoneFile(zone: ZoneText): string {
  return `$TTL 300
@ IN SOA ns.${zone.name}. hostmaster.${zone.name}. 1 3600 600 86400 60
@ IN NS ns.${zone.name}.
ns IN A 127.0.0.1
${zone.records}
`;
}

function config(dir: string, port: number, zones: readonly ZoneText[]): string {
  const zoneBlocks = zones
    .map((z, i) => `zone "${z.name}" { type primary; file "${join(dir, `zone-${i}.db`)}"; };`)
    .join("\n");
  return `options {
  directory "${dir}";
  pid-file "${join(dir, "named.pid")}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  allow-query { any; };
  querylog yes;
};
controls { };
logging {
  channel queries { file "${join(dir, "query.log")}"; print-time no; };
  category queries { queries; };
  category default { null; };
};
${zoneBlocks}
`;
}

/**
 * A real BIND 9 authoritative server on 127.0.0.1 (a free port), serving `zones` and logging every
 * query it is asked, for tests that need a real upstream or a domain controller's DNS. Stops by
 * itself when the test calls stop(); its folder is removed then.
 */
export async function startNamed(zones: readonly ZoneText[]): Promise<NamedServer> {
  const dir = mkdtempSync(join(tmpdir(), "fenceline-named-"));
  const port = await freePort();
  zones.forEach((zone, i) => {
    writeFileSync(join(dir, `zone-${i}.db`), zoneFile(zone));
  });
  writeFileSync(join(dir, "named.conf"), config(dir, port, zones));
  const child: ChildProcess = spawn("/usr/sbin/named", ["-f", "-n", "1", "-c", join(dir, "named.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await waitUntilAnswering(port, zones[0]?.name ?? ".", child, () => errors);
  const log = join(dir, "query.log");
  return {
    port,
    address: `127.0.0.1:${port}`,
    queriedNames: () =>
      existsSync(log)
        ? [...readFileSync(log, "utf8").matchAll(/query: (\S+) (?:IN|CH|HS|ANY) /g)].map((m) =>
            (m[1] as string).toLowerCase(),
          )
        : [],
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnswering(port: number, name: string, child: ChildProcess, errors: () => string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`named exited (${child.exitCode}): ${errors()}`);
    try {
      await ask({ host: "127.0.0.1", port }, name, { type: 6, timeoutMs: 200 });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`named did not answer on port ${port} within 10 s: ${errors()}`);
}
