import { createServer, type IncomingMessage, type Server } from "node:http";
import type { CheckRequest, CheckResult } from "@fenceline/shared/checks";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { CHECK_RESULT_TRIES, startFilterChecks } from "./filter-checks.ts";
import type { Part } from "./part-stack.ts";

/** A hub on 127.0.0.1 that lists `runs` and answers each result POST with the next of `statuses` (then 204). */
async function fakeHub(runs: CheckRequest[], statuses: number[] = []) {
  const posts: { runId: string; body: CheckResult; auth: string | undefined }[] = [];
  let listed = 0;
  const server: Server = createServer(async (request, response) => {
    if (request.method === "GET" && request.url === "/api/agents/checks") {
      listed++;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ runs }));
      return;
    }
    const runId = decodeURIComponent(request.url?.split("/").pop() ?? "");
    posts.push({ runId, body: JSON.parse(await text(request)), auth: request.headers.authorization });
    response.statusCode = statuses.shift() ?? 204;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, posts, listed: () => listed, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function text(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

const result = (pass: boolean): CheckResult => ({
  schemaVersion: 1,
  startedAt: new Date().toISOString(),
  finishedAt: new Date().toISOString(),
  listsVersion: "v1",
  items: [
    {
      group: "g",
      kind: "popular",
      category: null,
      name: "a.example",
      canary: false,
      expected: "not-blocked",
      outcome: pass ? "resolved" : "blocked",
      pass,
    },
  ],
  untested: [],
});
const RUN = { id: "run-00000001", requestedAt: "2026-01-01T00:00:00Z", canaries: [] };

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

let running: Part | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("the filtering checks part", () => {
  it("runs each run the hub lists once and posts its result with the agent's credential", async () => {
    const hub = await fakeHub([RUN]);
    const ran: string[] = [];
    running = startFilterChecks({
      hub: { url: hub.url, credential: "cred" },
      pollSeconds: 1,
      run: async (request) => {
        ran.push(request.id);
        return result(true);
      },
      log: pino({ level: "silent" }),
    });
    await until(() => hub.listed() >= 2);
    expect(ran).toEqual([RUN.id]);
    expect(hub.posts.map((p) => [p.runId, p.auth, p.body.items[0]?.pass])).toEqual([[RUN.id, "Bearer cred", true]]);
    await hub.close();
  }, 10_000);

  it("sends a result again after a hub failure, drops it on 409, and does not run it again", async () => {
    const hub = await fakeHub([RUN], [503, 409]);
    let runs = 0;
    running = startFilterChecks({
      hub: { url: hub.url, credential: "cred" },
      pollSeconds: 1,
      run: async () => {
        runs++;
        return result(false);
      },
      log: pino({ level: "silent" }),
    });
    await until(() => hub.posts.length >= 2 && hub.listed() >= 3);
    expect(runs).toBe(1);
    expect(hub.posts).toHaveLength(2);
    await hub.close();
  }, 10_000);

  it(`gives a result up after ${CHECK_RESULT_TRIES} failed sends`, async () => {
    const hub = await fakeHub([RUN], Array(CHECK_RESULT_TRIES + 5).fill(500));
    running = startFilterChecks({
      hub: { url: hub.url, credential: "cred" },
      pollSeconds: 1,
      run: async () => result(true),
      log: pino({ level: "silent" }),
    });
    await until(() => hub.listed() >= CHECK_RESULT_TRIES + 1);
    expect(hub.posts).toHaveLength(CHECK_RESULT_TRIES);
    await hub.close();
  }, 30_000);

  it("does not run again a check that failed to run", async () => {
    const hub = await fakeHub([RUN]);
    let runs = 0;
    running = startFilterChecks({
      hub: { url: hub.url, credential: "cred" },
      pollSeconds: 1,
      run: async () => {
        runs++;
        throw new Error("no policy");
      },
      log: pino({ level: "silent" }),
    });
    await until(() => hub.listed() >= 2);
    expect(runs).toBe(1);
    expect(hub.posts).toEqual([]);
    await hub.close();
  }, 10_000);

  it("runs nothing without a hub, or while the hub cannot be reached, and stops cleanly", async () => {
    let runs = 0;
    const run = async () => {
      runs++;
      return result(true);
    };
    const log = pino({ level: "silent" });
    await startFilterChecks({ hub: null, pollSeconds: 1, run, log }).stop();
    running = startFilterChecks({ hub: { url: "http://127.0.0.1:9", credential: "cred" }, pollSeconds: 1, run, log });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await running.stop();
    expect(runs).toBe(0);
  });
});
