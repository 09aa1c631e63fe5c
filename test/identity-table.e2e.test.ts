import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHubApp } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startHarness } from "./support/agent-harness.ts";
import { freePort } from "./support/free-port.ts";

const ADMIN = "fl_admin-token-for-identity-table-0123456789";
const DSL = "fl_dsl-token-for-identity-table-0123456789";

interface Cached {
  etag: string;
  policy: { identity?: { people: { id: string; logins: string[]; directoryGroups: string[] }[]; devices: unknown[] } };
}

describe("the identity table reaches a real agent", () => {
  it("is accepted with the policy, holds its own site's people and devices only, and an edit arrives at the next poll", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-identity-table-"));
    const stores = openHubStores(join(work, "hub.sqlite"));
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    grantToken(stores, DSL, "dsl");
    const send = async (method: string, path: string, body: unknown, token = ADMIN) =>
      (await (
        await app.request(path, {
          method,
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, unknown>;
    for (const id of ["school-a", "school-b"]) await send("POST", "/api/sites", { id, name: id });
    const { token } = (await send("POST", "/api/sites/school-a/enrolment-tokens", {})) as { token: string };
    const { credential } = (await send("POST", "/api/agents/enrol", { token, name: "gw" })) as { credential: string };
    writeFileSync(join(work, "credential"), credential);
    await send("PUT", "/api/sites/school-a/policy", {
      policy: { defaultGroup: "everyone", groups: [{ id: "everyone", kind: "staff" }] },
      reason: "the first policy",
    });
    const ada = (await send(
      "POST",
      "/api/sites/school-a/people",
      { displayName: "Ada Lovelace", username: "ALovelace", yearGroup: "Year 7" },
      DSL,
    )) as { id: number };
    await send("POST", "/api/sites/school-a/devices", { mac: "AA-BB-CC-00-00-01", ownerId: ada.id }, DSL);
    await send("POST", "/api/sites/school-b/people", { displayName: "Of B", username: "ofb" }, DSL);

    const port = await freePort();
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, () => resolve(s));
    });
    const cacheFile = join(work, "hub-policy.json");
    const h = await startHarness({
      outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 50 },
      hub: {
        url: `http://127.0.0.1:${port}`,
        credentialFile: join(work, "credential"),
        heartbeatSeconds: 3600,
        policyPollSeconds: 5,
        policyCacheFile: cacheFile,
      },
    });
    const cached = () => (existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, "utf8")) as Cached) : null);
    const until = async (test: (c: Cached) => boolean) => {
      const started = Date.now();
      while (Date.now() - started < 15_000) {
        const c = cached();
        if (c && test(c)) return c;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the agent did not apply the expected policy: ${JSON.stringify(cached())}`);
    };
    try {
      const first = await until((c) => c.policy.identity !== undefined);
      expect(first.policy.identity).toEqual({
        people: [{ id: String(ada.id), logins: ["alovelace"], directoryGroups: ["Year 7"] }],
        devices: [{ id: expect.any(String), mac: "aa:bb:cc:00:00:01", person: String(ada.id) }],
        roaming: [],
      });
      expect(readFileSync(cacheFile, "utf8")).not.toContain("Lovelace");

      await send(
        "PUT",
        `/api/sites/school-a/people/${ada.id}`,
        { displayName: "Ada Lovelace", username: "ALovelace", yearGroup: "Year 8" },
        DSL,
      );
      const next = await until((c) => c.policy.identity?.people[0]?.directoryGroups[0] === "Year 8");
      expect(next.etag).not.toBe(first.etag);
    } finally {
      await h.stop();
      server.close();
      stores.close();
    }
  }, 40_000);
});
