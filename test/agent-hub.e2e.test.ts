import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { openSqlInspector } from "@fenceline/hub/src/store/sql-inspector.ts";
import { parseTaxonomy } from "@fenceline/shared";
import { encodeSnapshot, listsFromEntries } from "@fenceline/shared/matcher";
import { afterAll, describe, expect, it } from "vitest";
import { listeningOn, TEST_LISTS } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { TestUpstream } from "./support/test-upstream.ts";

const agentBin = new URL("../agent/bin/fenceline-agent.mjs", import.meta.url).pathname;
const hubBin = new URL("../hub/bin/fenceline-hub.mjs", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "fenceline-agent-hub-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
});

/** Starts a program and waits for the JSON log line with `message`. */
async function startUntil(
  bin: string,
  args: string[],
  message: string,
): Promise<{ child: ChildProcess; entry: Record<string, unknown> }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const entry = JSON.parse(line);
    if (entry.msg === message) return { child, entry };
  }
  throw new Error(`${bin} exited before "${message}": ${stderr}`);
}

describe("agent and hub as separate processes", () => {
  it("enrols an agent with the hub's CLI and delivers a blocked lookup to the hub's database", async () => {
    const hubPort = await freePort();
    const database = join(work, "hub.sqlite");
    const hubConfig = join(work, "hub.yaml");
    writeFileSync(hubConfig, `listen: "127.0.0.1:${hubPort}"\ndatabase: ${database}\n`);
    execFileSync(process.execPath, [hubBin, "sites", "add", "--config", hubConfig, "school-a", "School", "A"]);
    const token = execFileSync(process.execPath, [hubBin, "agents", "enrol", "--config", hubConfig, "school-a"], {
      encoding: "utf8",
    }).trim();
    await startUntil(hubBin, ["start", "--config", hubConfig], "hub started");

    const credentialFile = join(work, "hub-credential");
    execFileSync(process.execPath, [
      agentBin,
      "enrol",
      "--hub",
      `http://127.0.0.1:${hubPort}`,
      "--token",
      token,
      "--name",
      "gateway-1",
      "--credential-file",
      credentialFile,
    ]);
    expect(statSync(credentialFile).mode & 0o777).toBe(0o600);

    const taxonomy = parseTaxonomy(readFileSync(new URL("../blocklists/categories.yaml", import.meta.url), "utf8"));
    const lists = listsFromEntries(taxonomy.categories, TEST_LISTS);
    const snapshot = join(work, "lists.snapshot");
    writeFileSync(snapshot, encodeSnapshot(lists.matcher, lists.meta));
    const upstream = await new TestUpstream().start();
    const agentConfig = join(work, "agent.yaml");
    writeFileSync(
      agentConfig,
      [
        `listen: ["127.0.0.1:0"]`,
        `upstreams: ["${upstream.url}"]`,
        `snapshot: ${snapshot}`,
        `outbox: { file: ${join(work, "outbox.sqlite")}, flushMs: 50 }`,
        `hub: { url: "http://127.0.0.1:${hubPort}", credentialFile: ${credentialFile}, heartbeatSeconds: 5 }`,
        "policy:",
        "  defaultGroup: students",
        "  groups: [{ id: students, kind: student }]",
      ].join("\n"),
    );
    const { entry } = await startUntil(agentBin, ["start", "--config", agentConfig], "agent started");
    const reply = await ask(listeningOn((entry.dns as { udp: string[] }).udp[0] as string), "www.selfharm.test");
    expect(reply.answers).toEqual([]);

    const db = openSqlInspector(database);
    const started = Date.now();
    let row: { name: string; outcome: string; categories: string; site_id: string } | undefined;
    while (!row && Date.now() - started < 10_000) {
      row = db.rows("SELECT name, outcome, categories, site_id FROM events")[0] as typeof row;
      if (!row) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    db.close();
    await upstream.stop();
    expect(row).toEqual({
      name: "www.selfharm.test",
      outcome: "blocked",
      categories: '["self-harm"]',
      site_id: "school-a",
    });
  }, 90_000);
});
