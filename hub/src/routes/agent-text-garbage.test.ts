import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import type { HubStores } from "../store/open-stores.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-agent-text-tests-01234";

/** A small deterministic generator (mulberry32), so that a failure names a repeatable case. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Text a careless or hostile agent could send, up to `max` characters: control characters (NUL
 * among them), broken surrogates, quotes and backslashes, ASCII, CJK in no repeating order, emoji.
 */
function hostileText(random: () => number, max: number): string {
  const length = random() < 0.3 ? max : Math.floor(random() * (max + 1));
  const pick = (): string => {
    const kind = random();
    if (kind < 0.1) return String.fromCharCode(Math.floor(random() * 32));
    if (kind < 0.2) return String.fromCharCode(0xd800 + Math.floor(random() * 0x800));
    if (kind < 0.3) return ["'", '"', "\\", "%", "_", "$1", "?"][Math.floor(random() * 7)] as string;
    if (kind < 0.55) return String.fromCharCode(0x21 + Math.floor(random() * 94));
    if (kind < 0.85) return String.fromCharCode(0x4e00 + Math.floor(random() * 20000));
    return String.fromCodePoint(0x1f300 + Math.floor(random() * 700));
  };
  let text = "";
  while (text.length < length) text += pick();
  return text.slice(0, length);
}

const post = (app: ReturnType<typeof createHubApp>, path: string, body: unknown, token?: string) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/**
 * Every text field an agent sends, filled with hostile text up to its limit: each batch and each
 * heartbeat is stored or refused (400), never a 500, on SQLite and on PostgreSQL alike (whose text
 * holds no NUL, whose JSON no broken surrogate, and whose index entries hold about 2.7 KB).
 */
describe("agents' text, whatever it holds", () => {
  let stores: HubStores;
  let app: ReturnType<typeof createHubApp>;
  let credential: string;

  beforeAll(async () => {
    stores = openTestStores(":memory:");
    app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    await post(app, "/api/sites", { id: "school-a", name: "A" }, ADMIN);
    const { token } = (await (await post(app, "/api/sites/school-a/enrolment-tokens", {}, ADMIN)).json()) as {
      token: string;
    };
    ({ credential } = (await (await post(app, "/api/agents/enrol", { token, name: "gw" })).json()) as {
      credential: string;
    });
  });
  afterAll(() => stores.close());

  it("never answers an event batch with a 500, and stores those whose names are names", async () => {
    const failures: string[] = [];
    const statuses: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const random = generator(seed);
      const text = (max: number) => hostileText(random, max);
      const events = Array.from({ length: 20 }, (_, i) => ({
        id: `${String(seed).padStart(4, "0")}-${String(i).padStart(4, "0")}-${text(40)}`.slice(0, 64),
        time: Date.now() - Math.floor(random() * 86_400_000),
        clientAddress: text(64) || "x",
        group: text(64),
        hostname: text(255),
        mac: text(64),
        // A name beyond printable ASCII refuses its batch (400): a third of the batches have them.
        name: seed % 3 === 0 ? text(1024) : `n${i}.example`,
        qtype: 1,
        outcome: "blocked",
        categories: [text(64), text(64)],
        monitored: [text(64)],
        list: text(128),
        listVersion: text(64),
        rule: text(1024),
        locked: false,
        detail: text(128),
        user: text(253),
        person: text(64),
        device: text(64),
      }));
      const response = await post(app, "/api/agents/events", { schemaVersion: 3, events }, credential);
      statuses.push(response.status);
      if (response.status >= 500) failures.push(`seed ${seed}: ${response.status} ${await response.text()}`);
    }
    expect(failures).toEqual([]);
    expect(statuses.filter((status) => status === 200)).toHaveLength(8);
    expect(stores.events.count("school-a")).toBe(8 * 20);
  });

  it("never answers a heartbeat with a 500", async () => {
    const failures: string[] = [];
    for (let seed = 101; seed <= 112; seed++) {
      const random = generator(seed);
      const text = (max: number) => hostileText(random, max);
      const beat = {
        schemaVersion: 2,
        agentVersion: text(64),
        uptimeSeconds: 60,
        queries: { [text(64)]: 3, blocked: 2 },
        counts: [{ outcome: "blocked", group: text(64), label: text(200), n: 2 }],
        outbox: { depth: 0, dropped: 0 },
        upstreams: [{ url: text(300), healthy: false, lastError: text(500) }],
        lists: { version: text(64), builtAt: text(40), lists: [{ id: text(64), version: text(64), entries: 1 }] },
        listsUpdate: { at: text(40), ok: false, version: text(64), errors: [text(500)] },
      };
      const response = await post(app, "/api/agents/heartbeat", beat, credential);
      if (response.status >= 500) failures.push(`seed ${seed}: ${response.status} ${await response.text()}`);
    }
    expect(failures).toEqual([]);
  });
});
