import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CheckRequest, type CheckResult, checkResultSchema, resultPassed } from "@fenceline/shared/checks";
import { describe, expect, it } from "vitest";
import { type Harness, STUDENT, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";

const BLOCK_PAGE = { ipv4: "10.99.99.99", ipv6: "fd99::99" };
/**
 * Students block adult and games (their kind's defaults); staff block adult (a heading every group
 * must block) and allow games (a school's choice).
 */
const GROUPS = [
  { id: "students", kind: "student", cidrs: ["127.0.0.0/24"], blockMode: "nxdomain" },
  {
    id: "staff",
    kind: "staff",
    cidrs: ["127.0.1.0/24"],
    categories: { games: "allow" },
    safeSearch: { enabled: false },
  },
  { id: "guests", kind: "guest" },
];
/** The child-abuse list's own entry in the harness's lists: confidential, never to be copied out. */
const LOCKED_ENTRY = "csam.test";
const CANARY = "canary.csam.test";

/** A hub on 127.0.0.1 that hands out check runs and a policy, and keeps what the agent sends. */
async function fakeHub() {
  const state = {
    runs: [] as CheckRequest[],
    results: new Map<string, CheckResult>(),
    heartbeats: [] as string[],
    eventPosts: 0,
    policy: null as { version: number; policy: unknown } | null,
  };
  const server = createServer(async (request, response) => {
    const body = await text(request);
    const send = (status: number, value?: unknown) => {
      response.statusCode = status;
      if (value !== undefined) response.setHeader("content-type", "application/json");
      response.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (request.url === "/api/agents/checks") return send(200, { runs: state.runs });
    const posted = /^\/api\/agents\/checks\/(.+)$/.exec(request.url ?? "");
    if (posted && request.method === "POST") {
      state.results.set(posted[1] as string, JSON.parse(body));
      state.runs = state.runs.filter((run) => run.id !== posted[1]);
      return send(204);
    }
    if (request.url?.startsWith("/api/agents/events")) {
      state.eventPosts++;
      return send(200, { accepted: 0 });
    }
    if (request.url === "/api/agents/heartbeat") {
      state.heartbeats.push(body);
      return send(204);
    }
    if (request.url === "/api/agents/policy" && state.policy) {
      response.setHeader("etag", `"${state.policy.version}"`);
      return send(200, state.policy);
    }
    return send(204);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, state, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function text(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("the agent's filtering check", () => {
  it("resolves as each group's clients would, reports failures, raises no events and never copies locked names", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-filter-check-"));
    writeFileSync(join(work, "credential"), "agent-credential");
    const hub = await fakeHub();
    let h: Harness | undefined;
    try {
      h = await startHarness({
        policy: { groups: GROUPS },
        outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 },
        hub: {
          url: hub.url,
          credentialFile: join(work, "credential"),
          heartbeatSeconds: 3600,
          policyPollSeconds: 5,
          policyCacheFile: join(work, "hub-policy.json"),
          checkPollSeconds: 1,
        },
      });
      const agent = h;
      const runCheck = async (id: string) => {
        hub.state.runs.push({
          id,
          requestedAt: new Date().toISOString(),
          canaries: [{ category: "child-abuse", name: CANARY }],
        });
        await until(() => hub.state.results.has(id));
        return checkResultSchema.parse(hub.state.results.get(id));
      };
      const itemsFor = (result: CheckResult, group: string, category: string) =>
        result.items.filter((i) => i.group === group && i.category === category);
      const adultFor = (result: CheckResult, group: string) => itemsFor(result, group, "adult");

      const first = await runCheck("run-first-0001");
      expect(adultFor(first, "students").length).toBeGreaterThan(0);
      expect(adultFor(first, "students").every((i) => i.outcome === "blocked" && i.pass)).toBe(true);
      expect(adultFor(first, "staff").length).toBeGreaterThan(0);
      expect(itemsFor(first, "students", "games").every((i) => i.outcome === "blocked" && i.pass)).toBe(true);
      expect(itemsFor(first, "students", "games").length).toBeGreaterThan(0);
      // Games are the school's choice: staff allow them, so nothing to test there.
      expect(itemsFor(first, "staff", "games")).toEqual([]);
      const canaries = first.items.filter((i) => i.name === CANARY);
      expect(canaries.map((i) => `${i.group} ${i.canary} ${i.outcome} ${i.pass}`)).toContain(
        "students true blocked true",
      );
      expect(first.items.some((i) => i.name === LOCKED_ENTRY)).toBe(false);
      expect(first.items.filter((i) => !i.pass)).toEqual([]);
      expect(resultPassed(first)).toBe(true);
      // No flagged events from the check's blocks and circumvention names, and no samples shipped.
      await new Promise((resolve) => setTimeout(resolve, 200)); // past the outbox's flush interval
      expect(agent.agent.events.size).toBe(0);
      expect(agent.agent.outbox?.depth).toBe(0);
      expect(hub.state.eventPosts).toBe(0);
      expect(hub.state.heartbeats.length).toBeGreaterThan(0);
      for (const body of hub.state.heartbeats) expect(body).not.toMatch(/samples|porn\.blogspot\.test/);
      const health = await (await fetch(`http://127.0.0.1:${agent.httpPort}/health`)).text();
      expect(health).not.toMatch(/samples|porn\.blogspot\.test/);

      // A forward zone that skips category blocking lets adult names through for students: the check says so.
      hub.state.policy = {
        version: 2,
        policy: {
          defaultGroup: "guests",
          blockPage: BLOCK_PAGE,
          groups: GROUPS,
          forwardZones: [{ zone: "blogspot.test", upstreams: [agent.upstream.url], allowByDefault: true }],
        },
      };
      await until(async () => (await ask(agent.dns, "porn.blogspot.test", { from: STUDENT })).rcode === 0);
      const leaky = await runCheck("run-leaky-0002");
      const failed = adultFor(leaky, "students").filter((i) => !i.pass);
      // Cached: the DNS look-up above and the check share one cache.
      expect(failed.map((i) => `${i.name} ${i.outcome}`)).toEqual(["porn.blogspot.test cached"]);
      expect(resultPassed(leaky)).toBe(false);

      // Students now allowed adult and games: adult, a heading pupils must not reach, fails; games
      // are no longer tested.
      const allowing = GROUPS.map((g) =>
        g.id === "students" ? { ...g, categories: { adult: "allow", games: "allow" } } : g,
      );
      hub.state.policy = { version: 3, policy: { defaultGroup: "guests", blockPage: BLOCK_PAGE, groups: allowing } };
      await until(async () => (await ask(agent.dns, "adult.test", { from: STUDENT })).rcode === 0);
      const allowed = await runCheck("run-allow-0003");
      expect(adultFor(allowed, "students").length).toBeGreaterThan(0);
      expect(adultFor(allowed, "students").every((i) => !i.pass && i.outcome !== "blocked")).toBe(true);
      expect(itemsFor(allowed, "students", "games")).toEqual([]);
      expect(adultFor(allowed, "staff").every((i) => i.pass)).toBe(true);
      expect(allowed.items.filter((i) => i.name === CANARY).every((i) => i.pass)).toBe(true);
      expect(JSON.stringify([...hub.state.results.values()])).not.toContain(`"${LOCKED_ENTRY}"`);
    } finally {
      await h?.stop();
      await hub.close();
    }
  }, 60_000);
});
