import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { EventOutbox } from "@fenceline/agent/src/outbox/event-outbox.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { parseTaxonomy } from "@fenceline/shared";
import { encodeSnapshot, listsFromEntries } from "@fenceline/shared/matcher";
import { describe, expect, it } from "vitest";
import { TEST_LISTS } from "./support/agent-harness.ts";
import { freePort } from "./support/free-port.ts";
import { hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

const agentBin = new URL("../agent/bin/fenceline-agent.mjs", import.meta.url).pathname;
const TOTAL = 30_000;

async function startAgent(config: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [agentBin, "start", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    if (JSON.parse(line).msg === "agent started") return child;
  }
  throw new Error("agent did not start");
}

describe("an agent killed with SIGKILL while shipping", () => {
  it("loses no event and stores none twice once restarted", async () => {
    const { work, stores, app, credentialFile } = await hubWithAgent();
    // A slow hub, so that the kill lands while batches are in flight.
    const hubPort = await freePort();
    const slow = async (request: Request) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return app.fetch(request);
    };
    const hub = await serveHub(slow, hubPort);

    const outboxFile = join(work, "outbox.sqlite");
    const outbox = new EventOutbox(outboxFile, 1_000_000);
    for (let b = 0; b < TOTAL / 500; b++) {
      outbox.append(
        Array.from({ length: 500 }, (_, i) =>
          wireEvent({
            id: `killed-agent-${b}-${i}`,
            time: 1_790_000_000_000,
            clientAddress: "10.0.0.1",
            name: `x${b}-${i}.test`,
            list: "l",
            listVersion: "v",
            rule: "x.test",
          }),
        ),
      );
    }
    outbox.close();
    const taxonomy = parseTaxonomy(readFileSync(new URL("../blocklists/categories.yaml", import.meta.url), "utf8"));
    const lists = listsFromEntries(taxonomy.categories, TEST_LISTS);
    writeFileSync(join(work, "lists.snapshot"), encodeSnapshot(lists.matcher, lists.meta));
    const config = join(work, "agent.yaml");
    writeFileSync(
      config,
      [
        `listen: ["127.0.0.1:0"]`,
        `upstreams: ["udp://127.0.0.1:9"]`,
        `snapshot: ${join(work, "lists.snapshot")}`,
        `outbox: { file: ${outboxFile} }`,
        `hub: { url: "http://127.0.0.1:${hubPort}", credentialFile: ${credentialFile}, heartbeatSeconds: 3600 }`,
        "policy: { defaultGroup: g, groups: [{ id: g, kind: student }] }",
        "logLevel: info",
      ].join("\n"),
    );

    let agent = await startAgent(config);
    const started = Date.now();
    while (stores.events.count("school-a") < 5000 && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 20));
    agent.kill("SIGKILL");
    await new Promise((resolve) => agent.once("exit", resolve));
    const atKill = stores.events.count("school-a");
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(TOTAL);

    agent = await startAgent(config);
    const restarted = Date.now();
    while (stores.events.count("school-a") < TOTAL && Date.now() - restarted < 30_000)
      await new Promise((r) => setTimeout(r, 50));
    agent.kill("SIGTERM");
    await new Promise((resolve) => agent.once("exit", resolve));
    await hub.close();

    expect(stores.events.count("school-a")).toBe(TOTAL);
    const stored = stores.eventQueries.search({ sites: null, limit: TOTAL + 1 });
    expect(new Set(stored.map((event) => event.id)).size).toBe(TOTAL);
    const left = new EventOutbox(outboxFile, 1_000_000);
    expect(left.depth).toBe(0);
    left.close();
    stores.close();
  }, 90_000);
});
