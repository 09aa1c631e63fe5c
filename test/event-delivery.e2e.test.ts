import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventOutbox } from "@fenceline/agent/src/outbox/event-outbox.ts";
import { DEFAULT_SHIPPER_OPTIONS, EventShipper } from "@fenceline/agent/src/shipper/event-shipper.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { EVENT_HOSTNAME_MAX, type WireEvent } from "@fenceline/shared";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

const silent = pino({ level: "silent" });

async function until(check: () => boolean, limitMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function newOutbox(): EventOutbox {
  return new EventOutbox(join(mkdtempSync(join(tmpdir(), "fenceline-outbox-")), "outbox.sqlite"), 1_000_000);
}

function shipperFor(outbox: EventOutbox, port: number, credential: string): EventShipper {
  const options = { ...DEFAULT_SHIPPER_OPTIONS, hubUrl: `http://127.0.0.1:${port}`, credential };
  return new EventShipper(outbox, { ...options, minBackoffMs: 20, maxBackoffMs: 200 }, silent);
}

describe("event delivery from agent to hub", () => {
  it("stores all 50,000 events of a burst sent while the hub was down, once each, across a hub restart", async () => {
    const { stores, app, credential } = await hubWithAgent();

    // The burst: 50,000 flagged lookups queued in the agent's outbox while no hub answers.
    const outbox = newOutbox();
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
    const shipper = shipperFor(outbox, port, credential);
    shipper.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stores.events.count("school-a")).toBe(0);
    expect(outbox.depth).toBe(50_000);

    let hub = await serveHub(app.fetch, port);
    await until(() => stores.events.count("school-a") >= 10_000, 20_000);
    await hub.close(); // restarted mid-stream
    await new Promise((resolve) => setTimeout(resolve, 300));
    hub = await serveHub(app.fetch, port);
    await until(() => outbox.depth === 0, 30_000);
    await shipper.stop();
    await hub.close();

    expect(stores.events.count("school-a")).toBe(50_000);
    const distinct = new Set(stores.eventQueries.search({ sites: null, limit: 50_001 }).map((event) => event.id)).size;
    expect(distinct).toBe(50_000);
    expect(shipper.rejected).toBe(0);
    outbox.close();
    stores.close();
  }, 60_000);

  it("stores every good event of a batch the hub refuses, and drops only the one it refuses alone", async () => {
    const { stores, app, credential } = await hubWithAgent();
    const outbox = newOutbox();
    const events = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) =>
        wireEvent({ id: `event-${prefix}-${i}`, name: `${prefix}-${i}.adult.test` }),
      );
    outbox.append(events("first", 1500));
    // An event this hub refuses (a hostname over its limit), in the middle of the second batch.
    const middle = events("second", 1000);
    middle[500] = { ...(middle[500] as WireEvent), hostname: "h".repeat(EVENT_HOSTNAME_MAX + 1) };
    outbox.append(middle);
    outbox.append(events("third", 1500));
    let requests = 0;
    const port = await freePort();
    const hub = await serveHub((request) => {
      requests++;
      return app.fetch(request);
    }, port);
    const shipper = shipperFor(outbox, port, credential);
    shipper.start();
    await until(() => outbox.depth === 0, 20_000);
    await shipper.stop();
    await hub.close();

    expect(stores.events.count("school-a")).toBe(3999);
    expect(stores.eventQueries.search({ sites: null, limit: 5000 }).some((e) => e.id === "event-second-500")).toBe(
      false,
    );
    expect(shipper.sent).toBe(3999);
    expect(shipper.rejected).toBe(1);
    // Halving 4,000 events down to the one refused: about two requests a halving, not one an event.
    expect(requests).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(4000)));
    outbox.close();
    stores.close();
  });

  it("keeps the events of a hub that does not take this event schema yet, and delivers them once it does", async () => {
    const { stores, app, credential } = await hubWithAgent();
    const outbox = newOutbox();
    outbox.append(Array.from({ length: 500 }, (_, i) => wireEvent({ id: `event-wait-${i}` })));
    // A hub from before this agent's event schema answers as the hub does to an unknown version.
    let older = true;
    const refusal = { error: { code: "unsupported-schema", message: "event schema version 9 is not accepted (1)" } };
    const port = await freePort();
    const hub = await serveHub(
      (request) =>
        older && new URL(request.url).pathname === "/api/agents/events"
          ? Response.json(refusal, { status: 400 })
          : app.fetch(request),
      port,
    );
    const shipper = shipperFor(outbox, port, credential);
    shipper.start();
    await until(() => shipper.lastError?.includes("unsupported-schema") === true, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outbox.depth).toBe(500);
    expect(shipper.rejected).toBe(0);

    older = false; // the hub is upgraded
    await until(() => outbox.depth === 0, 10_000);
    await shipper.stop();
    await hub.close();
    expect(stores.events.count("school-a")).toBe(500);
    expect(shipper.rejected).toBe(0);
    outbox.close();
    stores.close();
  });

  it("stops at once when asked during a request the hub then fails, not after its backoff", async () => {
    const outbox = newOutbox();
    outbox.append([wireEvent({ id: "event-stop-1" })]);
    // A hub that takes 300 ms to say it is unavailable.
    const port = await freePort();
    const hub = await serveHub(
      () => new Promise((resolve) => setTimeout(() => resolve(new Response(null, { status: 503 })), 300)),
      port,
    );
    const shipper = new EventShipper(
      outbox,
      {
        ...DEFAULT_SHIPPER_OPTIONS,
        hubUrl: `http://127.0.0.1:${port}`,
        credential: "x",
        minBackoffMs: 30_000,
        maxBackoffMs: 30_000,
      },
      silent,
    );
    shipper.start();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is in flight
    const asked = Date.now();
    await shipper.stop();
    expect(Date.now() - asked).toBeLessThan(2000);
    expect(shipper.lastError).toMatch(/503/);
    expect(outbox.depth).toBe(1);
    await hub.close();
    outbox.close();
  });
});
