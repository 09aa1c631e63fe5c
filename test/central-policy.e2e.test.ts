import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHubApp } from "@fenceline/hub/src/hub-app.ts";
import { HubStore } from "@fenceline/hub/src/store/hub-store.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GUEST, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";

const ADMIN = "admin-token-for-central-policy-0123456789";

describe("central policy from the hub", () => {
  it("is applied by the agent, and kept across a restart without the hub", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-central-policy-"));
    const store = new HubStore(join(work, "hub.sqlite"));
    const app = createHubApp({ store, adminToken: ADMIN, log: pino({ level: "silent" }) });
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
    await h.stop();
    server.close();

    // The hub is gone: a restarted agent still applies the hub's last policy.
    h = await startHarness({ outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 }, hub });
    expect(await isBlocked()).toBe(true);
    await h.stop();
    store.close();
  }, 30_000);
});
