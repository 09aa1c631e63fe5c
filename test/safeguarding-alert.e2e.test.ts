import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { type HubStores, openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STUDENT, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

const DSL_TOKEN = "fl_dsl-token-for-alert-tests-0123456789";
const work = mkdtempSync(join(tmpdir(), "fenceline-alerts-"));
const smtp = new SmtpSink();
const webhookBodies: Record<string, unknown>[] = [];
const webhook = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (c: Buffer) => chunks.push(c));
  request.on("end", () => {
    webhookBodies.push(JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>);
    response.end("ok");
  });
});
let stores: HubStores;
let hub: ReturnType<typeof createHub>;
let server: ReturnType<typeof serve>;
let h: Harness;
let hubUrl: string;

beforeAll(async () => {
  await smtp.start();
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", () => resolve()));
  const hubPort = await freePort();
  hubUrl = `http://127.0.0.1:${hubPort}`;
  stores = openHubStores(join(work, "hub.sqlite"));
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: {
      smtp: smtp.settings("fenceline@hub.test"),
      publicUrl: "https://hub.school.test",
      // The test's webhook receiver is on loopback over plain HTTP: allowed, as for an on-site relay.
      webhooks: { httpHosts: ["127.0.0.1"], privateAddresses: true },
    },
  });
  const { services } = hub;
  services.enrolment.createSite("school-a", "Hillside School");
  services.enrolment.createSite("school-b", "Other School");
  const user = (email: string, role: "dsl" | "deputy-dsl" | "board" | "ict-admin", sites: string[] | null) =>
    services.users.create({ email, name: email, role, sites });
  await user("dsl@hillside.test", "dsl", ["school-a"]);
  await user("deputy@hillside.test", "deputy-dsl", null);
  await user("dsl@other.test", "dsl", ["school-b"]);
  await user("board@hillside.test", "board", null);
  await user("ict@hillside.test", "ict-admin", null);
  grantToken(stores, DSL_TOKEN, "dsl", ["school-a"]);
  services.alerts.setSettings("school-a", {
    // From = to: never office hours, so the out-of-hours contact is always alerted too.
    officeHours: { days: ["mon"], from: "00:00", to: "00:00" },
    outOfHours: [{ name: "Head on call", email: "on-call@hillside.test" }],
    webhookUrl: `http://127.0.0.1:${(webhook.address() as { port: number }).port}/hook`,
  });
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  writeFileSync(join(work, "credential"), services.enrolment.enrol(token, "gw").credential);
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: hubPort }, () => resolve(s));
  });
  h = await startHarness({
    outbox: { file: join(work, "outbox.sqlite"), maxEvents: 10_000, flushMs: 200 },
    hub: { url: hubUrl, credentialFile: join(work, "credential"), heartbeatSeconds: 3600 },
  });
});

afterAll(async () => {
  await h.stop();
  await new Promise((resolve) => server.close(resolve));
  await hub.services.alerts.settle();
  hub.services.sender.close();
  await smtp.stop();
  webhook.close();
  stores.close();
});

const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const response = await fetch(`${hubUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${DSL_TOKEN}`, "content-type": "application/json" },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return (await response.json()) as Record<string, unknown>;
};

describe("from a lookup to the DSL's inbox", () => {
  it("raises a high incident and emails the site's DSLs within 5 seconds of the lookup", async () => {
    const started = Date.now();
    const answer = await ask(h.dns, "selfharm.test", { from: STUDENT });
    expect(answer.rcode).toBe(0);
    const [mail] = await smtp.waitFor(1, 10_000);
    expect(mail).toBeDefined();
    const elapsed = (mail?.at ?? Number.POSITIVE_INFINITY) - started;
    console.log(`lookup → incident → DSL email: ${elapsed} ms`);
    expect(elapsed).toBeLessThanOrEqual(5000);

    expect(mail?.subject).toMatch(/HIGH incident #1 at Hillside School: Self-harm/);
    // The built-in route: the DSL first (the deputy hears only if nobody acknowledges), and out of
    // hours the on-call contact.
    expect(mail?.to).toEqual(expect.arrayContaining(["dsl@hillside.test", "on-call@hillside.test"]));
    // Not the deputy yet, nor the other site's DSL, nor roles that do not handle incidents.
    for (const other of ["deputy@hillside.test", "dsl@other.test", "board@hillside.test", "ict@hillside.test"])
      expect(mail?.to).not.toContain(other);
    // No identity and no looked-up name in email.
    expect(mail?.raw).not.toContain(STUDENT);
    expect(mail?.raw).not.toContain("selfharm.test");
    expect(mail?.raw).toContain("https://hub.school.test/incidents/1");
    // The time is the site's local time (Europe/London, no zone in its policy), labelled.
    expect(mail?.raw).toMatch(/First seen: \d{4}-\d{2}-\d{2} \d{2}:\d{2} (GMT|BST)/);

    const incident = (await api("/api/incidents/1")) as {
      incident: { severity: string; category: string; clientAddress: string };
      alerts: { channel: string; status: string }[];
    };
    expect(incident.incident).toMatchObject({ severity: "high", category: "self-harm", clientAddress: STUDENT });
    await hub.services.alerts.settle();
    const after = (await api("/api/incidents/1")) as { alerts: { channel: string; status: string }[] };
    expect(after.alerts.map((a) => [a.channel, a.status]).sort()).toEqual([
      ["email", "sent"],
      ["webhook", "sent"],
    ]);
    expect(webhookBodies[0]).toMatchObject({ incident: 1, severity: "high", site: "school-a" });
  }, 20_000);

  it("throttles a second alert for the same client and category, and counts it", async () => {
    await api("/api/incidents/1/entries", {
      method: "POST",
      body: { kind: "transition", to: "false-positive", note: "a health-education page" },
    });
    await ask(h.dns, "selfharm.test", { from: STUDENT });
    const started = Date.now();
    while (Date.now() - started < 5000) {
      const list = (await api("/api/incidents")) as { incidents: { id: number }[] };
      if (list.incidents.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await hub.services.alerts.settle();
    const second = (await api("/api/incidents/2")) as { alerts: { status: string }[] };
    expect(second.alerts.map((a) => a.status)).toEqual(["suppressed"]);
    expect(smtp.messages).toHaveLength(1);
  }, 20_000);

  it("alerts illegal content at once, critical", async () => {
    await ask(h.dns, "csam.test", { from: STUDENT });
    const mails = await smtp.waitFor(2, 10_000);
    expect(mails[1]?.subject).toMatch(/CRITICAL incident #3 .*Child sexual abuse material/);
    expect(mails[1]?.raw).toMatch(/illegal-content category/);
  }, 20_000);
});
