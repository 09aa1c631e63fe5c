import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseTaxonomy } from "@fenceline/shared";
import { encodeSnapshot, listsFromEntries } from "@fenceline/shared/matcher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTRY_OVERHEAD_BYTES } from "../agent/src/cache/answer-cache.ts";
import { EventOutbox } from "../agent/src/outbox/event-outbox.ts";
import { listeningOn, TEST_LISTS } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { runToExit as runProcessToExit } from "./support/run-to-exit.ts";
import { TestUpstream } from "./support/test-upstream.ts";

const bin = new URL("../agent/bin/fenceline-agent.mjs", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "fenceline-process-"));
// The example configuration as shipped, but with its outbox in this test's own folder.
const example = join(work, "config.example.yaml");
writeFileSync(
  example,
  readFileSync(new URL("../agent/config.example.yaml", import.meta.url), "utf8").replace(
    "file: var/outbox.sqlite",
    `file: ${join(work, "outbox.sqlite")}`,
  ),
);
const taxonomy = parseTaxonomy(readFileSync(new URL("../blocklists/categories.yaml", import.meta.url), "utf8"));
const snapshot = join(work, "lists.snapshot");

function writeSnapshot(extra: string[] = []) {
  const lists = listsFromEntries(taxonomy.categories, [
    ...TEST_LISTS,
    { id: "late", kind: "block", category: "gambling", entries: ["late.test", ...extra] },
  ]);
  writeFileSync(snapshot, encodeSnapshot(lists.matcher, lists.meta));
}

/** Starts the agent as its own process and waits for its "agent started" log line; `onLine` sees every line before. */
async function startProcess(
  args: string[],
  onLine: (entry: { msg?: string }, child: ChildProcess) => void = () => {},
): Promise<{ child: ChildProcess; port: number; httpPort: number | null; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, "start", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const entry = JSON.parse(line);
    onLine(entry, child);
    if (entry.msg === "agent started")
      return { child, port: listeningOn(entry.dns.udp[0]).port, httpPort: entry.http, stderr: () => stderr };
  }
  throw new Error(`agent exited before starting: ${stderr}`);
}

describe("fenceline-agent start", () => {
  let upstream: TestUpstream;
  beforeAll(async () => {
    upstream = await new TestUpstream().start();
    writeSnapshot();
  });
  afterAll(() => upstream.stop());

  /** The agent from a configuration file, on `listen`, with this test's upstream and lists. */
  function startWith(config: string, listen: string, onLine?: Parameters<typeof startProcess>[1]) {
    return startProcess(
      [
        "--config",
        config,
        "--listen",
        listen,
        "--upstream",
        upstream.url,
        "--snapshot",
        snapshot,
        "--http",
        "127.0.0.1:0",
      ],
      onLine,
    );
  }

  /** The agent with two DNS threads, which need a fixed port, from a configuration's text. */
  async function startWithWorkers(name: string, configText: string) {
    const port = await freePort();
    const config = join(work, name);
    writeFileSync(config, `${configText}\nworkers: 2\n`);
    const started = await startWith(config, `127.0.0.1:${port}`);
    return { ...started, server: { host: "127.0.0.1", port } };
  }

  it("runs the example configuration on an unprivileged port, reloads lists on SIGHUP, stops on SIGTERM", async () => {
    const { child, port } = await startWith(example, `127.0.0.1:${await freePort()}`);
    const server = { host: "127.0.0.1", port };
    expect((await ask(server, "allowed.test")).answers).toMatchObject([{ address: "192.0.2.1" }]);
    // The example's default group is guests, blocked with NXDOMAIN.
    expect((await ask(server, "adult.test")).rcode).toBe(3);
    expect((await ask(server, "later.test")).rcode).toBe(0);
    writeSnapshot(["later.test"]);
    child.kill("SIGHUP");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await ask(server, "later.test")).rcode).toBe(3);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("lives through a SIGHUP that comes while it starts, and serves its lists once started", async () => {
    writeSnapshot(["later.test"]);
    let hungUp = false;
    // Its configuration is logged before it starts: a SIGHUP then once ended the process.
    const { child, port } = await startWith(example, `127.0.0.1:${await freePort()}`, (entry, agent) => {
      if (entry.msg === "effective configuration") hungUp = agent.kill("SIGHUP");
    });
    try {
      expect(hungUp).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect({ exitCode: child.exitCode, signal: child.signalCode }).toEqual({ exitCode: null, signal: null });
      expect((await ask({ host: "127.0.0.1", port }, "later.test")).rcode).toBe(3);
    } finally {
      writeSnapshot();
      child.kill("SIGTERM");
    }
  });

  it("keeps serving with its lists when a reload finds a damaged snapshot", async () => {
    const { child, port } = await startWith(example, `127.0.0.1:${await freePort()}`);
    try {
      writeFileSync(snapshot, "damaged");
      child.kill("SIGHUP");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect({ exitCode: child.exitCode, signal: child.signalCode }).toEqual({ exitCode: null, signal: null });
      expect((await ask({ host: "127.0.0.1", port }, "adult.test")).rcode).toBe(3);
    } finally {
      // The snapshot the later tests start from, whatever happened here.
      writeSnapshot();
      child.kill("SIGTERM");
    }
  });

  it("stores every flagged look-up from every DNS thread in the outbox, none dropped", async () => {
    const outboxFile = join(work, "workers-outbox.sqlite");
    const { child, httpPort, server } = await startWithWorkers(
      "workers-outbox.yaml",
      readFileSync(example, "utf8").replace(
        /^outbox: .*$/m,
        `outbox: { file: ${outboxFile}, maxEvents: 1000000, flushMs: 200 }`,
      ),
    );
    try {
      const total = 4000;
      for (let sent = 0; sent < total; sent += 200) {
        const replies = await Promise.all(
          Array.from({ length: 200 }, (_, i) => ask(server, `n${sent + i}.adult.test`)),
        );
        expect(replies.every((r) => r.rcode === 3)).toBe(true);
      }
      const events = async () => (await (await fetch(`http://127.0.0.1:${httpPort}/health`)).json()).events;
      await expect
        .poll(events, { timeout: 5000, interval: 100 })
        .toMatchObject({ outbox: total, queued: 0, dropped: 0 });
      // Stopped straight after a second burst, the workers still hand over what they hold.
      for (let sent = 0; sent < 1000; sent += 200) {
        await Promise.all(Array.from({ length: 200 }, (_, i) => ask(server, `m${sent + i}.adult.test`)));
      }
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      const outbox = new EventOutbox(outboxFile, 1_000_000);
      expect({ depth: outbox.depth, dropped: outbox.dropped }).toEqual({ depth: total + 1000, dropped: 0 });
      outbox.close();
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("spreads queries over DNS worker threads on one port, each answering with the same policy", async () => {
    const { child, httpPort, server } = await startWithWorkers("workers.yaml", readFileSync(example, "utf8"));
    try {
      // Many client ports: the kernel hashes each to one of the two sockets.
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) => ask(server, i % 2 ? "adult.test" : `ok${i}.test`)),
      );
      expect(replies.filter((r) => r.rcode === 3)).toHaveLength(20);
      expect(replies.filter((r) => r.rcode === 0 && r.answers.length === 1)).toHaveLength(20);
      // Each allowed name sits in the cache of the thread that answered it; the gauge adds them all up
      // (a worker reports four times a second).
      const cached = async () => {
        const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
        return Number(/^fenceline_cache_entries (\d+)$/m.exec(metrics)?.[1]);
      };
      await expect.poll(cached, { timeout: 3000, interval: 100 }).toBe(20);
      const health = await (await fetch(`http://127.0.0.1:${httpPort}/health`)).json();
      expect(health.cache.entries).toBe(20);
      // Every thread's counted bytes: 20 entries' overheads and more, not one thread's half.
      expect(health.cache.bytes).toBeGreaterThan(20 * ENTRY_OVERHEAD_BYTES);
      expect(health.cache.bytes).toBeLessThan(20 * (ENTRY_OVERHEAD_BYTES + 300));
      // A reload reaches every thread.
      writeSnapshot(["everywhere.test"]);
      child.kill("SIGHUP");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = await Promise.all(Array.from({ length: 40 }, () => ask(server, "everywhere.test")));
      expect(after.map((r) => r.rcode)).toEqual(Array(40).fill(3));
      // A damaged one reaches none: every thread keeps the lists in force.
      writeFileSync(snapshot, "damaged");
      child.kill("SIGHUP");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const kept = await Promise.all(Array.from({ length: 40 }, () => ask(server, "everywhere.test")));
      expect(kept.map((r) => r.rcode)).toEqual(Array(40).fill(3));
      writeSnapshot();
    } finally {
      child.kill("SIGTERM");
    }
  });

  /** `fenceline-agent start` that is expected to stop by itself. */
  const runToExit = (args: string[]) => runProcessToExit(bin, ["start", ...args]);

  it("says in one line why it cannot start, and exits 1", async () => {
    const missing = join(work, "no-such.snapshot");
    const run = await runToExit(["--config", example, "--listen", "127.0.0.1:0", "--snapshot", missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `fenceline-agent: cannot start: cannot load the list snapshot ${missing}: ENOENT: no such file or directory, open '${missing}' (build one with "fenceline lists compile")\n`,
    );
  });

  it("exits rather than lingers when its HTTP address is taken once DNS is already up", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = await runToExit([
        "--config",
        example,
        "--listen",
        "127.0.0.1:0",
        "--upstream",
        upstream.url,
        "--snapshot",
        snapshot,
        "--http",
        `127.0.0.1:${port}`,
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^fenceline-agent: cannot start: .*EADDRINUSE.*\n$/);
    } finally {
      taken.close();
    }
  });

  it("answers an unknown flag with the usage and exit code 2", async () => {
    const run = await runToExit(["--config", example, "--listn", "127.0.0.1:0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^fenceline-agent: Unknown option '--listn'/);
    expect(run.stderr).toContain("usage:");
  });

  it("refuses a bad configuration, listing every problem, with exit code 1", async () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, "listen: [oops]\nupstreams: []\nsnapshot: x\npolicy: { defaultGroup: a, groups: [] }\n");
    const { code, stderr } = await runToExit(["--config", bad]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/listen\.0/);
    expect(stderr).toMatch(/upstreams/);
    expect(stderr).toMatch(/policy\.groups/);
  });
});
