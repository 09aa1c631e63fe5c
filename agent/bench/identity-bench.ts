/**
 * The agent with identity on, for `pnpm bench:dns`: a site policy whose identity table holds
 * 2,000 people and 2,000 devices and a directory-group rule, and a RADIUS map filled with 2,000
 * addresses (the benchmark client's 127.0.0.1 among them, so that every query it sends is looked
 * up, matched to a person and regrouped), beside the agent without it.
 */
import { createSocket } from "node:dgram";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import radius from "radius";
import { parse } from "yaml";
import type { Run } from "./dns-bench-report.ts";
import type { BenchServer } from "./reference-servers.ts";

const PEOPLE = 2000;
const SECRET = "bench-radius-secret";
const BENCH_CLIENT = "127.0.0.1";

/** The base agent config plus identity: written as JSON (valid YAML), returned as its path. */
export function writeIdentityConfig(work: string, baseConfig: string, radiusPort: number): string {
  const config = parse(readFileSync(baseConfig, "utf8"));
  const [group] = config.policy.groups;
  config.policy.groups.push({ ...group, id: "year-7" });
  config.policy.directoryGroups = [
    { directoryGroup: "Year 8", group: "everyone" },
    { directoryGroup: "Year 7", group: "year-7" },
  ];
  config.policy.identity = {
    people: Array.from({ length: PEOPLE }, (_, i) => ({
      id: String(i + 1),
      logins: [`pupil${i}@school.example`],
      directoryGroups: [i % 2 === 0 ? "Year 7" : "Year 9", `Tutor ${i % 40}`],
      // A few sanctions, none on the benchmark client: their look-ups stay comparable.
      ...(i % 100 === 99 ? { sanction: { until: Date.now() + 86_400_000, allow: ["bbc.co.uk"] } } : {}),
    })),
    devices: Array.from({ length: PEOPLE }, (_, i) => ({
      id: String(10_000 + i),
      mac: macOf(i),
      person: String(i + 1),
    })),
  };
  config.identity = {
    radius: { listen: `127.0.0.1:${radiusPort}`, clients: [{ address: "127.0.0.1", secret: SECRET }] },
  };
  const path = join(work, "agent-identity.yaml");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** The agent server with identity on: after it starts, Wi-Fi accounting maps 2,000 addresses. */
export function identityServer(base: BenchServer, radiusPort: number): BenchServer {
  return { ...base, afterStart: () => fillRadiusMap(radiusPort) };
}

/** Accounting Starts for the benchmark client and 1,999 other addresses, each acknowledged. */
async function fillRadiusMap(port: number): Promise<void> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  let answered = 0;
  socket.on("message", () => answered++);
  for (let i = 0; i < PEOPLE; i++) {
    const address = i === 0 ? BENCH_CLIENT : `10.20.${i >> 8}.${i & 0xff}`;
    const packet = radius.encode({
      code: "Accounting-Request",
      secret: SECRET,
      identifier: i & 0xff,
      attributes: [
        ["Acct-Status-Type", "Start"],
        ["User-Name", `Pupil${i}@school.example`],
        ["Framed-IP-Address", address],
        ["Calling-Station-Id", macOf(i).toUpperCase().replaceAll(":", "-")],
        ["Acct-Session-Id", `bench-${i}`],
      ],
    });
    await new Promise<void>((resolve) => socket.send(packet, port, "127.0.0.1", () => resolve()));
    if (i % 100 === 99) await until(() => answered > i - 50);
  }
  await until(() => answered === PEOPLE);
  socket.close();
}

async function until(done: () => boolean): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > 10_000) throw new Error("the agent did not answer the RADIUS accounting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function macOf(i: number): string {
  return `02:00:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 0xff).toString(16).padStart(2, "0")}`;
}

/** Identity on beside identity off, per query file (pinned medians): the target is within 5 %. */
export function printIdentityComparison(labels: string[], median: (server: string, label: string) => Run | undefined) {
  console.log(
    "\nIdentity on (RADIUS map of 2,000 addresses incl. the client's, 2,000 people and devices) vs off, pinned",
  );
  for (const label of labels) {
    const off = median("agent", label);
    const on = median("agent, identity", label);
    if (!off || !on) continue;
    const change = ((on.qps - off.qps) / off.qps) * 100;
    console.log(
      `${label.padEnd(25)} off ${Math.round(off.qps).toLocaleString().padStart(9)} (${off.cpuMicros.toFixed(1)} µs)   on ${Math.round(on.qps).toLocaleString().padStart(9)} (${on.cpuMicros.toFixed(1)} µs)   ${change >= 0 ? "+" : ""}${change.toFixed(1)} %`,
    );
  }
}
