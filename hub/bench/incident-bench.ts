/**
 * `pnpm bench:incidents`: the incident engine's throughput, in process (no HTTP): batches of
 * events stored alone, then stored and run through the engine in the same transaction, on a
 * SQLite file. The mix: many clients, graded and report-only categories, some illegal content.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createHub } from "../src/hub-app.ts";
import type { StoredEvent } from "../src/store/event-store.ts";
import { openHubStores } from "../src/store/open-stores.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const BATCH = 1000;
const CATEGORIES = [
  "adult",
  "self-harm",
  "gambling",
  "games",
  "vpn",
  "hate",
  "social-networks",
  "drugs",
  "child-abuse",
];

function events(run: string, agentId: string, clients: number, network = 10): StoredEvent[][] {
  const start = Date.now();
  const batches: StoredEvent[][] = [];
  for (let b = 0; b < EVENTS / BATCH; b++) {
    batches.push(
      Array.from({ length: BATCH }, (_, i) => {
        const n = b * BATCH + i;
        const category = CATEGORIES[n % 7 === 0 ? (n % 63 === 0 ? 8 : 1) : n % 8] as string;
        return {
          id: `${run}-${n}`,
          siteId: "bench",
          agentId,
          time: new Date(start + n).toISOString(),
          clientAddress: `${network}.${((n % clients) >> 16) & 255}.${((n % clients) >> 8) & 255}.${(n % clients) & 255}`,
          group: "students",
          hostname: null,
          mac: null,
          name: `n${n}.example`,
          qtype: 1,
          outcome: "blocked",
          categories: [category],
          monitored: [],
          list: "bench",
          listVersion: "v1",
          rule: null,
          locked: category === "child-abuse",
        };
      }),
    );
  }
  return batches;
}

function measure(label: string, work: (batch: StoredEvent[]) => void, batches: StoredEvent[][]): number {
  const started = performance.now();
  for (const batch of batches) work(batch);
  const seconds = (performance.now() - started) / 1000;
  const rate = EVENTS / seconds;
  console.log(
    `${label.padEnd(34)} ${Math.round(rate).toLocaleString().padStart(9)} events/s (${seconds.toFixed(2)} s)`,
  );
  return rate;
}

const dir = mkdtempSync(join(tmpdir(), "fenceline-incident-bench-"));
const stores = openHubStores(join(dir, "hub.sqlite"));
const { services } = createHub({ stores, log: pino({ level: "silent" }) });
const realNotify = services.alerts.notify.bind(services.alerts);
services.alerts.notify = () => {};
services.enrolment.createSite("bench", "Bench");
const { token } = services.enrolment.issueEnrolmentToken("bench");
const { agentId } = services.enrolment.enrol(token, "gw");

console.log(`${EVENTS.toLocaleString()} events in batches of ${BATCH}, ${CATEGORIES.length} categories`);
measure("store only", (batch) => stores.events.insert(batch, new Date().toISOString()), events("plain", agentId, 2000));
const engine = (batch: StoredEvent[]) =>
  stores.transaction(() => {
    const fresh = stores.events.unseen(batch);
    stores.events.insert(fresh, new Date().toISOString(), services.engine.apply(fresh).incidentOf);
  });
const count = () => stores.incidents.totals().incidents;
const school = measure("store + engine, 2,000 clients", engine, events("school", agentId, 2000));
const afterSchool = count();
console.log(`  incidents raised: ${afterSchool.toLocaleString()}`);
const worst = measure("store + engine, 300,000 clients", engine, events("worst", agentId, EVENTS));
console.log(`  incidents raised: ${(count() - afterSchool).toLocaleString()} (nearly every lookup a new incident)`);
// With the alerts' routing in place: each change routed (route, audience, throttle, digest queue,
// escalation) and recorded, the sending itself instant, as the SMTP server is not what is measured.
services.alerts.notify = realNotify;
services.sender.email = async () => {};
await services.users.create({ email: "dsl@bench.test", name: "DSL", role: "dsl", sites: null });
const routed = (batch: StoredEvent[]) => {
  const changes = stores.transaction(() => {
    const fresh = stores.events.unseen(batch);
    const applied = services.engine.apply(fresh);
    stores.events.insert(fresh, new Date().toISOString(), applied.incidentOf);
    return applied.changes;
  });
  services.alerts.notify(changes);
};
const beforeRouted = count();
const routedStarted = performance.now();
const routing = measure("store + engine + routing, 2,000 cl.", routed, events("routed", agentId, 2000, 11));
await services.alerts.settle();
const routedSeconds = (performance.now() - routedStarted) / 1000;
console.log(
  `  incidents raised: ${(count() - beforeRouted).toLocaleString()}; their alerts routed and recorded: ${routedSeconds.toFixed(2)} s in all`,
);
const withEngine = Math.min(school, worst, EVENTS / routedSeconds, routing);
console.log(`target >= 20,000 events/s: ${withEngine >= 20_000 ? "met" : "NOT met"}`);
stores.close();
rmSync(dir, { recursive: true, force: true });
