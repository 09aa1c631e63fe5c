import { Resolver } from "node:dns/promises";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { type HubStores, openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STUDENT, startHarness } from "./support/agent-harness.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

const work = mkdtempSync(join(tmpdir(), "fenceline-e2e-"));
const smtp = new SmtpSink();
let stores: HubStores;
let hub: ReturnType<typeof createHub>;
let server: ReturnType<typeof serve>;
let h: Harness;
let resolver: Resolver;

beforeAll(async () => {
  await smtp.start();
  stores = openHubStores(join(work, "hub.sqlite"));
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: { smtp: smtp.settings("fenceline@school.test") },
  });
  hub.services.enrolment.createSite("school-a", "Hillside School");
  await hub.services.users.create({ email: "dsl@hillside.test", name: "DSL", role: "dsl", sites: null });
  const { token } = hub.services.enrolment.issueEnrolmentToken("school-a");
  writeFileSync(join(work, "credential"), hub.services.enrolment.enrol(token, "gateway").credential);
  // Port 0: the system picks a free port, so parallel tests cannot collide.
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  h = await startHarness({
    outbox: { file: join(work, "outbox.sqlite"), maxEvents: 10_000, flushMs: 100 },
    hub: { url: `http://127.0.0.1:${port}`, credentialFile: join(work, "credential"), heartbeatSeconds: 5 },
  });
  // The operating system's own DNS client, asking from a student's address.
  resolver = new Resolver({ timeout: 3000, tries: 1 });
  resolver.setLocalAddress(STUDENT);
  resolver.setServers([`${h.dns.host}:${h.dns.port}`]);
});

afterAll(async () => {
  await h.stop();
  server.close();
  await hub.services.alerts.settle();
  hub.services.sender.close();
  await smtp.stop();
  stores.close();
});

describe("Fenceline end to end: a lookup, the block, the incident, the DSL's email, the weekly report", () => {
  it("answers a real DNS client as the policy says", async () => {
    // Blocked for students: the answer is the block page's address.
    expect(await resolver.resolve4("porn.blogspot.test")).toEqual(["10.99.99.99"]);
    expect(await resolver.resolve4("selfharm.test")).toEqual(["10.99.99.99"]);
    expect(await resolver.resolveCname("www.google.com")).toEqual(["forcesafesearch.google.com"]);
    await expect(resolver.resolve4("use-application-dns.net")).rejects.toMatchObject({ code: "ENOTFOUND" });
    // An ordinary name goes to the upstream and comes back.
    expect(await resolver.resolve4("example.org")).toEqual(["192.0.2.1"]);
  });

  it("raises incidents of the right severity at the hub and emails the DSL", async () => {
    const mails = await smtp.waitFor(2, 10_000);
    const incidents = hub.services.stores.incidents.list({ sites: null, limit: 10 });
    expect(Object.fromEntries(incidents.map((i) => [i.category, i.severity]))).toEqual({
      adult: "high",
      "self-harm": "high",
    });
    expect(incidents.every((i) => i.clientAddress === STUDENT && i.group === "students")).toBe(true);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      expect.stringMatching(/HIGH incident #\d at Hillside School: Pornography/),
      expect.stringMatching(/HIGH incident #\d at Hillside School: Self-harm/),
    ]);
    expect(mails.every((m) => m.to.includes("dsl@hillside.test"))).toBe(true);
  }, 20_000);

  it("counts it all in the weekly report", async () => {
    // Every look-up, flagged or not, reaches the hub as counts in the next heartbeat.
    const counted = () =>
      stores.reportData
        .allLookups({ sites: ["school-a"], from: "0000", to: "9999" })
        .filter((row) => row.group === "students")
        .reduce((sum: number | null, row) => (sum ?? 0) + Number(row.n), null);
    const started = Date.now();
    while ((counted() ?? 0) < 5 && Date.now() - started < 12_000)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counted()).toBe(5);
    const day = 86_400_000;
    const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
    const report = hub.actions.reports.generate(
      { userId: "x", email: "ict@hillside.test", role: "ict-admin", sites: null },
      { kind: "weekly-ict", from: new Date(today - 6 * day).toISOString(), to: new Date(today + day).toISOString() },
    ).body;
    const figures = Object.fromEntries(
      report.sections
        .flatMap((s) => s.items)
        .flatMap((i) => (i.kind === "figures" ? i.figures.map((f) => [f.label, f.value]) : [])),
    );
    expect(figures).toMatchObject({
      Blocked: 2,
      "Circumvention attempts": 1,
      "Safe search enforced": 1,
      "Look-ups answered": 5,
    });
    const byGroup = report.sections
      .flatMap((s) => s.items)
      .find((i) => i.kind === "table" && i.title === "All look-ups by group and outcome");
    expect(byGroup?.kind === "table" && byGroup.rows).toEqual(
      expect.arrayContaining([
        ["students", "blocked", 2],
        ["students", "resolved", 1],
      ]),
    );
  }, 20_000);
});
