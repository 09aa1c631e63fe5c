import { join } from "node:path";
import { openSqlInspector } from "@fenceline/hub/src/store/sql-inspector.ts";
import { identityRows } from "@fenceline/hub/src/testing/identity-rows.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/agent-harness.ts";
import { linkToHub } from "./support/agent-on-hub.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { hubWithAgent, serveHub } from "./support/hub-with-agent.ts";
import { RADCLIENT, radclient, sendAccounting } from "./support/radius-sender.ts";

const SECRET = "wifi-controller-secret";
/** Pupil One signs in on 127.0.0.9 (the students' block) with the laptop the hub knows (aa:bb:cc:dd:ee:41). */
const PUPIL = "127.0.0.9";
/** Cat, under a sanction, on 127.0.0.10; her neighbour on the same /24 is 127.0.0.11. */
const CAT = "127.0.0.10";
const NEIGHBOUR = "127.0.0.11";
const SANCTION_MS = 8000;

type EventRow = { name: string; user_name: string | null; person_id: number | null; device_id: number | null };

describe("identity from RADIUS accounting, from the Wi-Fi controller to the hub's events", () => {
  let h: Harness;
  let hub: Awaited<ReturnType<typeof hubWithAgent>>;
  let server: { close: () => Promise<void> };
  let sanctionUntil = 0;
  /** The hub's ids of Pupil One, Cat and the pupil's laptop. */
  let ids = { pupil: 0, cat: 0, laptop: 0 };

  beforeAll(async () => {
    hub = await hubWithAgent();
    const rows = identityRows(join(hub.work, "hub.sqlite"));
    const pupil = rows.person("school-a", { displayName: "Pupil One", username: "pupil.one@school" });
    const cat = rows.person("school-a", { displayName: "Cat", username: "cat" });
    ids = { pupil, cat, laptop: rows.device("school-a", { mac: "aa:bb:cc:dd:ee:41", ownerId: pupil }) };
    rows.close();
    const hubPort = await freePort();
    server = await serveHub(hub.app.fetch, hubPort);
    sanctionUntil = Date.now() + SANCTION_MS;
    h = await startHarness({
      // The policy is the harness's: the hub's is asked for once, at the start, and the site has none.
      ...linkToHub(hub, `http://127.0.0.1:${hubPort}`, { policyPollSeconds: 3600, flushMs: 20, maxEvents: 10_000 }),
      identity: { radius: { listen: "127.0.0.1:0", clients: [{ address: "127.0.0.1", secret: SECRET }] } },
      policy: {
        identity: {
          people: [
            { id: String(ids.pupil), logins: ["pupil.one@school"] },
            { id: String(ids.cat), logins: ["cat"], sanction: { until: sanctionUntil, allow: ["bbc.co.uk"] } },
          ],
          devices: [{ id: String(ids.laptop), mac: "aa:bb:cc:dd:ee:41", person: String(ids.pupil) }],
        },
      },
    });
  });
  afterAll(async () => {
    await h.stop();
    await server.close();
    hub.stores.close();
  });

  const radiusPort = () => h.agent.radiusPort as number;

  /** Looks `name` up from `from` and waits for its event row at the hub. */
  async function blockedLookupAtHub(from: string, name: string): Promise<EventRow> {
    const reply = await ask(h.dns, name, { from });
    expect(reply.answers.map((answer) => answer.address)).toEqual(["10.99.99.99"]);
    const db = openSqlInspector(join(hub.work, "hub.sqlite"));
    try {
      const started = Date.now();
      for (;;) {
        const row = db.rows("SELECT name, user_name, person_id, device_id FROM events WHERE name = ?", name)[0];
        if (row) return row as EventRow;
        if (Date.now() - started > 10_000) throw new Error(`no event for ${name} at the hub`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      db.close();
    }
  }

  async function metric(line: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${h.httpPort}/metrics`)).text();
    const found = text.split("\n").find((l) => l.startsWith(`${line} `));
    return found ? Number(found.split(" ")[1]) : 0;
  }

  it.skipIf(!RADCLIENT)(
    "a sanction sent through radclient blocks one person and not their neighbour, then lifts",
    async () => {
      const start = await radclient(
        radiusPort(),
        SECRET,
        `Acct-Status-Type = Start, User-Name = "Cat", Framed-IP-Address = ${CAT}, Acct-Session-Id = "cat-1", Calling-Station-Id = "AA-BB-CC-00-00-10"`,
      );
      expect(start.output).toContain("Accounting-Response");
      expect(start.code).toBe(0);

      const cat = await ask(h.dns, "www.news.test", { from: CAT, edns: true });
      expect(cat.answers.map((answer) => answer.address)).toEqual(["10.99.99.99"]);
      expect(cat.ede?.code).toBe(15);
      expect((await ask(h.dns, "www.bbc.co.uk", { from: CAT })).answers[0]?.address).toBe("192.0.2.1");
      expect((await ask(h.dns, "www.news.test", { from: NEIGHBOUR })).answers[0]?.address).toBe("192.0.2.1");
      const row = await blockedLookupAtHub(CAT, "sanctioned.news.test");
      expect(row).toEqual({ name: "sanctioned.news.test", user_name: "Cat", person_id: ids.cat, device_id: null });

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, sanctionUntil - Date.now() + 50)));
      expect((await ask(h.dns, "www.news.test", { from: CAT })).answers[0]?.address).toBe("192.0.2.1");
    },
    20_000,
  );

  it("maps an address to a user and device on Start (sent with the radius package), and unmaps it on Stop", async () => {
    const session: [string, unknown][] = [
      ["User-Name", "Pupil.One@School"],
      ["Framed-IP-Address", PUPIL],
      ["Calling-Station-Id", "AA-BB-CC-DD-EE-41"],
      ["Acct-Session-Id", "pupil-1"],
    ];
    const start = await sendAccounting(radiusPort(), SECRET, [["Acct-Status-Type", "Start"], ...session]);
    expect(start.verified).toBe(true);
    expect(await blockedLookupAtHub(PUPIL, "www.selfharm.test")).toEqual({
      name: "www.selfharm.test",
      user_name: "Pupil.One@School",
      person_id: ids.pupil,
      device_id: ids.laptop,
    });

    // A Stop for another session (the address already handed on) changes nothing.
    const otherStop = await sendAccounting(radiusPort(), SECRET, [
      ["Acct-Status-Type", "Stop"],
      ["Framed-IP-Address", PUPIL],
      ["Acct-Session-Id", "someone-else"],
    ]);
    expect(otherStop.verified).toBe(true);
    expect((await blockedLookupAtHub(PUPIL, "two.selfharm.test")).user_name).toBe("Pupil.One@School");

    const stop = await sendAccounting(radiusPort(), SECRET, [["Acct-Status-Type", "Stop"], ...session]);
    expect(stop.verified).toBe(true);
    expect(await blockedLookupAtHub(PUPIL, "three.selfharm.test")).toEqual({
      name: "three.selfharm.test",
      user_name: null,
      person_id: null,
      device_id: null,
    });
  }, 30_000);

  it("drops a packet with the wrong secret or from an unknown address unanswered, changing nothing, and counts it", async () => {
    const before = await metric('fenceline_radius_dropped_total{reason="bad-authenticator"}');
    const attributes: [string, unknown][] = [
      ["Acct-Status-Type", "Start"],
      ["User-Name", "intruder"],
      ["Framed-IP-Address", PUPIL],
      ["Acct-Session-Id", "forged"],
    ];
    expect((await sendAccounting(radiusPort(), "guessed-secret", attributes, { waitMs: 500 })).response).toBeNull();
    expect(await metric('fenceline_radius_dropped_total{reason="bad-authenticator"}')).toBe(before + 1);

    const strangers = await metric('fenceline_radius_dropped_total{reason="unknown-client"}');
    expect(
      (await sendAccounting(radiusPort(), SECRET, attributes, { from: "127.0.0.2", waitMs: 500 })).response,
    ).toBeNull();
    expect(await metric('fenceline_radius_dropped_total{reason="unknown-client"}')).toBe(strangers + 1);

    if (RADCLIENT) {
      const forged = await radclient(
        radiusPort(),
        "guessed-secret",
        `Acct-Status-Type = Start, User-Name = "intruder", Framed-IP-Address = ${PUPIL}`,
      );
      expect(forged.code).not.toBe(0);
      expect(await metric('fenceline_radius_dropped_total{reason="bad-authenticator"}')).toBeGreaterThanOrEqual(
        before + 2,
      );
    }
    expect((await blockedLookupAtHub(PUPIL, "four.selfharm.test")).user_name).toBeNull();

    // A Start before the station has an address is good: answered (or the controller sends it
    // again), mapping nothing.
    const unmapped = await metric('fenceline_radius_requests_total{status="no-address"}');
    const early = await sendAccounting(radiusPort(), SECRET, [
      ["Acct-Status-Type", "Start"],
      ["User-Name", "early"],
      ["Acct-Session-Id", "early-1"],
    ]);
    expect(early.verified).toBe(true);
    expect(await metric('fenceline_radius_requests_total{status="no-address"}')).toBe(unmapped + 1);

    // The controller restarts: Accounting-On frees every address it had reported.
    await sendAccounting(radiusPort(), SECRET, [
      ["Acct-Status-Type", "Start"],
      ["User-Name", "Pupil.One@School"],
      ["Framed-IP-Address", PUPIL],
      ["Acct-Session-Id", "pupil-2"],
    ]);
    expect((await blockedLookupAtHub(PUPIL, "five.selfharm.test")).user_name).toBe("Pupil.One@School");
    expect((await sendAccounting(radiusPort(), SECRET, [["Acct-Status-Type", "Accounting-On"]])).verified).toBe(true);
    expect((await blockedLookupAtHub(PUPIL, "six.selfharm.test")).user_name).toBeNull();
    expect(await metric('fenceline_radius_requests_total{status="start"}')).toBeGreaterThanOrEqual(1);
  }, 30_000);
});

describe("identity with several DNS threads", () => {
  it("reaches the worker threads' copies of the map within a quarter of a second", async () => {
    const hub = await hubWithAgent();
    const hubPort = await freePort();
    const server = await serveHub(hub.app.fetch, hubPort);
    const h = await startHarness({
      workers: 2,
      // The policy is the harness's: the hub's is asked for once, at the start, and the site has none.
      ...linkToHub(hub, `http://127.0.0.1:${hubPort}`, { policyPollSeconds: 3600, flushMs: 20, maxEvents: 10_000 }),
      identity: { radius: { listen: "127.0.0.1:0", clients: [{ address: "127.0.0.0/8", secret: SECRET }] } },
    });
    try {
      const start = await sendAccounting(h.agent.radiusPort as number, SECRET, [
        ["Acct-Status-Type", "Start"],
        ["User-Name", "threaded"],
        ["Framed-IP-Address", PUPIL],
        ["Acct-Session-Id", "t-1"],
      ]);
      expect(start.verified).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Each look-up from a new source port: the kernel spreads them over both threads' sockets.
      for (let i = 0; i < 16; i++) await ask(h.dns, `n${i}.selfharm.test`, { from: PUPIL });
      const db = openSqlInspector(join(hub.work, "hub.sqlite"));
      const started = Date.now();
      let users: unknown[] = [];
      while (users.length < 16 && Date.now() - started < 10_000) {
        users = db.rows("SELECT user_name FROM events").map((row) => (row as { user_name: unknown }).user_name);
        if (users.length < 16) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      db.close();
      expect(users).toEqual(new Array(16).fill("threaded"));
    } finally {
      await h.stop();
      await server.close();
      hub.stores.close();
    }
  }, 30_000);
});
