import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventOutbox } from "@fenceline/agent/src/outbox/event-outbox.ts";
import { DEFAULT_SHIPPER_OPTIONS, EventShipper } from "@fenceline/agent/src/shipper/event-shipper.ts";
import { createHubApp } from "@fenceline/hub/src/hub-app.ts";
import { HubStore } from "@fenceline/hub/src/store/hub-store.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";

const ADMIN = "fl_admin-token-for-delivery-tests-0123";
const silent = pino({ level: "silent" });

function startHub(app: ReturnType<typeof createHubApp>, port: number): Promise<{ close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, () =>
      resolve({ close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}

async function until(check: () => boolean, limitMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("event delivery from agent to hub", () => {
  it("stores all 50,000 events of a burst sent while the hub was down, once each, across a hub restart", async () => {
    const store = new HubStore(join(mkdtempSync(join(tmpdir(), "fenceline-hub-")), "hub.sqlite"));
    const app = createHubApp({ store, log: silent });
    grantToken(store, ADMIN, "ict-admin");
    const post = (path: string, body: unknown, token?: string) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    await post("/api/sites", { id: "school-a", name: "School A" }, ADMIN);
    const { token } = (await (await post("/api/sites/school-a/enrolment-tokens", {}, ADMIN)).json()) as {
      token: string;
    };
    const { credential } = (await (await post("/api/agents/enrol", { token, name: "gw" })).json()) as {
      credential: string;
    };

    // The burst: 50,000 flagged lookups queued in the agent's outbox while no hub answers.
    const outbox = new EventOutbox(join(mkdtempSync(join(tmpdir(), "fenceline-outbox-")), "outbox.sqlite"), 1_000_000);
    for (let b = 0; b < 25; b++) {
      outbox.append(
        Array.from({ length: 2000 }, (_, i) =>
          wireEvent({
            id: `burst-${b}-${i}`,
            time: 1_790_000_000_000 + i,
            clientAddress: "10.0.0.9",
            name: `n${b}-${i}.adult.test`,
            list: "l",
            listVersion: "v",
            rule: "adult.test",
          }),
        ),
      );
    }
    const port = await freePort();
    const shipper = new EventShipper(
      outbox,
      {
        ...DEFAULT_SHIPPER_OPTIONS,
        hubUrl: `http://127.0.0.1:${port}`,
        credential,
        minBackoffMs: 20,
        maxBackoffMs: 200,
      },
      silent,
    );
    shipper.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(store.countEvents("school-a")).toBe(0);
    expect(outbox.depth).toBe(50_000);

    let hub = await startHub(app, port);
    await until(() => store.countEvents("school-a") >= 10_000, 20_000);
    await hub.close(); // restarted mid-stream
    await new Promise((resolve) => setTimeout(resolve, 300));
    hub = await startHub(app, port);
    await until(() => outbox.depth === 0, 30_000);
    await shipper.stop();
    await hub.close();

    expect(store.countEvents("school-a")).toBe(50_000);
    const distinct = store.db.prepare("SELECT COUNT(DISTINCT id) FROM events").pluck().get();
    expect(distinct).toBe(50_000);
    expect(shipper.rejected).toBe(0);
    outbox.close();
    store.close();
  }, 60_000);
});
