import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHubApp } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GUEST, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";

const ADMIN = "fl_admin-token-for-central-policy-0123456789";

describe("central policy from the hub", () => {
  it("is applied by the agent, and kept across a restart without the hub", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-central-policy-"));
    const stores = openHubStores(join(work, "hub.sqlite"));
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const send = async (method: string, path: string, body: unknown, token?: string) =>
      (
        await app.request(path, {
          method,
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        })
      ).json() as Promise<Record<string, string>>;
    await send("POST", "/api/sites", { id: "school-a", name: "A" }, ADMIN);
    const { token } = await send("POST", "/api/sites/school-a/enrolment-tokens", {}, ADMIN);
    const { credential } = await send("POST", "/api/agents/enrol", { token, name: "gw" });
    writeFileSync(join(work, "credential"), credential as string);
    await send(
      "PUT",
      "/api/sites/school-a/policy",
      {
        policy: { defaultGroup: "everyone", groups: [{ id: "everyone", kind: "staff", block: ["central.test"] }] },
        reason: "block central.test for the whole site",
      },
      ADMIN,
    );
    const hubPort = await freePort();
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: hubPort }, () => resolve(s));
    });
    const hub = {
      url: `http://127.0.0.1:${hubPort}`,
      credentialFile: join(work, "credential"),
      heartbeatSeconds: 3600,
      policyPollSeconds: 5,
      policyCacheFile: join(work, "hub-policy.json"),
    };

    let h = await startHarness({ outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 }, hub });
    const isBlocked = async () => (await ask(h.dns, "central.test", { from: GUEST, edns: true })).ede?.code === 15;
    const started = Date.now();
    while (!(await isBlocked()) && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await isBlocked()).toBe(true);
    // The policy is applied before its last good copy is written: wait for the copy before stopping.
    while (!existsSync(hub.policyCacheFile) && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(hub.policyCacheFile)).toBe(true);
    await h.stop();
    server.close();

    // The hub is gone: a restarted agent still applies the hub's last policy.
    h = await startHarness({ outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 }, hub });
    expect(await isBlocked()).toBe(true);
    await h.stop();
    stores.close();
  }, 30_000);

  it("carries the site's list-source set: a source added centrally is fetched at once, a disabled one dropped", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-central-sources-"));
    const lists = createServer((request, response) =>
      response.end(request.url === "/feed.txt" ? "central-feed.test\n" : "manifest-list.test\nother.test\n"),
    );
    await new Promise<void>((resolve) => lists.listen(0, "127.0.0.1", () => resolve()));
    const listsUrl = `http://127.0.0.1:${(lists.address() as { port: number }).port}`;
    const manifest = join(work, "sources.yaml");
    writeFileSync(
      manifest,
      `schemaVersion: 1\nsources:\n  - { id: shipped-adult, kind: block, category: adult, description: d, url: "${listsUrl}/adult.txt", format: domains, licence: l, cadence: daily }\n`,
    );
    const stores = openHubStores(join(work, "hub.sqlite"));
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const send = async (method: string, path: string, body: unknown, token?: string) => {
      const response = await app.request(path, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    };
    await send("POST", "/api/sites", { id: "school-b", name: "B" }, ADMIN);
    const { token } = (await send("POST", "/api/sites/school-b/enrolment-tokens", {}, ADMIN)).body;
    const { credential } = (await send("POST", "/api/agents/enrol", { token, name: "gw" })).body;
    writeFileSync(join(work, "credential"), credential as string);
    const hubPort = await freePort();
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: hubPort }, () => resolve(s));
    });
    const h = await startHarness({
      outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 },
      lists: { manifest, cacheDir: join(work, "cache"), timeoutSeconds: 2, maxShrink: 0.5, schedule: "0 0 1 1 *" },
      hub: {
        url: `http://127.0.0.1:${hubPort}`,
        credentialFile: join(work, "credential"),
        heartbeatSeconds: 3600,
        policyPollSeconds: 5,
        policyCacheFile: join(work, "hub-policy.json"),
      },
    });
    const blocked = async (name: string) => (await ask(h.dns, name, { from: GUEST })).rcode === 3;
    expect((await h.agent.updateLists()).ok).toBe(true);
    expect(await blocked("manifest-list.test")).toBe(true);

    const group = { id: "everyone", kind: "guest", blockMode: "nxdomain" };
    const feed = {
      id: "site-gambling-feed",
      kind: "block",
      category: "gambling",
      description: "The site's own gambling feed",
      url: `${listsUrl}/feed.txt`,
      format: "domains",
      licence: "supplier",
      cadence: "daily",
    };
    // A source that would allow a locked category is refused by the hub, with the reason.
    const refused = await send(
      "PUT",
      "/api/sites/school-b/policy",
      {
        policy: {
          defaultGroup: "everyone",
          groups: [group],
          sources: { add: [{ ...feed, id: "bad-allow", kind: "allow", category: undefined, allows: ["child-abuse"] }] },
        },
        reason: "try to allow a locked category",
      },
      ADMIN,
    );
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/locked.*child-abuse/);

    const accepted = await send(
      "PUT",
      "/api/sites/school-b/policy",
      {
        policy: { defaultGroup: "everyone", groups: [group], sources: { disabled: ["shipped-adult"], add: [feed] } },
        reason: "use the supplier's gambling feed instead of the shipped adult list",
      },
      ADMIN,
    );
    expect(accepted.status).toBe(200);
    const started = Date.now();
    while (!(await blocked("central-feed.test")) && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await blocked("central-feed.test")).toBe(true);
    expect(await blocked("manifest-list.test")).toBe(false);
    await h.stop();
    server.close();
    lists.close();
    stores.close();
  }, 30_000);
});
