import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hubMain } from "@fenceline/hub/src/cli/hub-cli.ts";
import { createHub, type Hub } from "@fenceline/hub/src/hub-app.ts";
import { findChromium, renderPdf } from "@fenceline/hub/src/reports/render-pdf.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { openSqlInspector } from "@fenceline/hub/src/store/sql-inspector.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { addPasswordUser, TEST_PASSWORD } from "@fenceline/hub/src/testing/password-user.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReceivedMail, SmtpSink } from "./support/smtp-sink.ts";

// Attacks from the security review on reports, alerting, exports and the audit chain, each sent
// over real HTTP to a running hub, and each shown refused.
const work = mkdtempSync(join(tmpdir(), "fenceline-sec-reports-"));
const database = join(work, "hub.sqlite");
const smtp = new SmtpSink();
const stores = openHubStores(database);
let hub: Hub;
let server: ReturnType<typeof serve>;
let url: string;
const T = {
  ictA: "fl_ict-limited-to-school-a",
  ictB: "fl_ict-limited-to-school-b",
  dsl: "fl_dsl-of-every-site",
  dslA: "fl_dsl-limited-to-school-a",
  board: "fl_board-member",
  auditor: "fl_auditor",
} as const;
const emailOf: Record<string, string> = {};
const agents: Record<string, string> = {};

beforeAll(async () => {
  await smtp.start();
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: {
      smtp: smtp.settings("hub@school.test"),
      publicUrl: "https://hub.school.test",
      // One PDF printing and one waiting: the third at once is refused.
      reports: { terms: [], pdfQueueLength: 1 },
    },
  });
  for (const [id, name] of [
    ["school-a", "Hillside"],
    ["school-b", "Riverside"],
  ] as const) {
    hub.services.enrolment.createSite(id, name);
    const { token } = hub.services.enrolment.issueEnrolmentToken(id);
    agents[id] = hub.services.enrolment.enrol(token, `gw-${id}`).credential;
  }
  const grants = [
    [T.ictA, "ict-admin", ["school-a"]],
    [T.ictB, "ict-admin", ["school-b"]],
    [T.dsl, "dsl", null],
    [T.dslA, "dsl", ["school-a"]],
    [T.board, "board", null],
    [T.auditor, "auditor", null],
  ] as const;
  for (const [token, role, sites] of grants) {
    const id = grantToken(stores, token, role, sites ? [...sites] : null);
    emailOf[token] = stores.users.all().find((u) => u.id === id)?.email as string;
  }
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 30_000);

afterAll(async () => {
  hub?.actions.reportSchedules.stop();
  await hub?.services.alerts.settle();
  server?.close();
  hub?.services.sender.close();
  await smtp.stop();
  stores.close();
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

/** A flagged lookup sent by a site's agent over HTTP; waits for the alerts it raises. */
async function lookup(siteId: string, clientAddress: string): Promise<number> {
  const response = await fetch(`${url}/api/agents/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${agents[siteId]}`, "content-type": "application/json" },
    body: JSON.stringify({ schemaVersion: 1, events: [wireEvent({ clientAddress, categories: ["extremism"] })] }),
  });
  expect(response.status).toBe(200);
  await hub.services.alerts.settle();
  const incident = stores.incidents.list({ sites: [siteId], limit: 50 }).find((i) => i.clientAddress === clientAddress);
  return incident?.id as number;
}

/** The mail the SMTP sink received while `work` ran. */
async function mailDuring(work: () => Promise<unknown>, expected: number): Promise<ReceivedMail[]> {
  const before = smtp.messages.length;
  await work();
  await smtp.waitFor(before + expected, 5_000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return smtp.messages.slice(before);
}

describe("8: report schedules stay within their creator's sites and readers", () => {
  const weekly = { kind: "weekly-ict", cron: "0 7 * * 1", roles: ["ict-admin"] };

  it("refuses a site-limited user scheduling every site, another's site or an unknown one", async () => {
    const everySite = await api("/api/report-schedules", T.ictA, { method: "POST", body: { ...weekly, sites: [] } });
    expect(everySite.status).toBe(400);
    expect(await everySite.text()).toMatch(/name the sites/);
    for (const sites of [["school-b"], ["no-such-school"], ["school-a", "no-such-school"]]) {
      const response = await api("/api/report-schedules", T.ictA, { method: "POST", body: { ...weekly, sites } });
      expect(response.status, JSON.stringify(sites)).toBe(404);
    }
  });

  it("mails a report only to users who may see every site it covers", async () => {
    const own = await api("/api/report-schedules", T.ictA, {
      method: "POST",
      body: { ...weekly, sites: ["school-a"] },
    });
    expect(own.status).toBe(201);
    const mine = await mailDuring(async () => hub.actions.reportSchedules.run(await own.json()), 1);
    expect(mine.flatMap((m) => m.to)).toEqual([emailOf[T.ictA]]);
    // A schedule over every site, by a user of every site, for the ICT role: the site-limited ICT
    // admins were mailed it before (an empty list of sites passed their filter); now neither is.
    const all = await api("/api/report-schedules", T.dsl, { method: "POST", body: { ...weekly, sites: [] } });
    expect(all.status).toBe(201);
    const sent = await hub.actions.reportSchedules.run(await all.json());
    expect(sent).not.toContain(emailOf[T.ictA]);
    expect(sent).not.toContain(emailOf[T.ictB]);
  });

  it("lists to a site-limited user only the schedules within its sites", async () => {
    const everySite = await api("/api/report-schedules", T.dsl, { method: "POST", body: { ...weekly, sites: [] } });
    const ofB = await api("/api/report-schedules", T.dsl, { method: "POST", body: { ...weekly, sites: ["school-b"] } });
    const ofA = await api("/api/report-schedules", T.ictA, {
      method: "POST",
      body: { ...weekly, sites: ["school-a"] },
    });
    const ids = async (token: string) =>
      ((await (await api("/api/report-schedules", token)).json()) as { schedules: { id: number }[] }).schedules.map(
        (s) => s.id,
      );
    const [all, b, a] = [(await everySite.json()).id, (await ofB.json()).id, (await ofA.json()).id] as number[];
    expect(await ids(T.ictA)).toContain(a);
    expect(await ids(T.ictA)).not.toContain(b);
    expect(await ids(T.ictA)).not.toContain(all);
    expect(await ids(T.dsl)).toEqual(expect.arrayContaining([a, b, all]));
  });

  it("lets only the creator, or a reader of the report for all its sites, stop a schedule", async () => {
    const digest = await api("/api/report-schedules", T.dsl, {
      method: "POST",
      body: { kind: "dsl-digest", cron: "0 7 * * 1", roles: ["dsl"], sites: [] },
    });
    expect(digest.status).toBe(201);
    const { id } = (await digest.json()) as { id: number };
    // The board holds reports:aggregate but may not read the digest; a DSL of one site does not see
    // every site, so for them a schedule over every site does not exist, like another site's resource.
    expect((await api(`/api/report-schedules/${id}`, T.board, { method: "DELETE" })).status).toBe(403);
    expect((await api(`/api/report-schedules/${id}`, T.dslA, { method: "DELETE" })).status).toBe(404);
    expect((await api(`/api/report-schedules/${id}`, T.dsl, { method: "DELETE" })).status).toBe(204);
  });
});

describe("9: an alerting time zone cannot silence a site's alerts", () => {
  it("refuses an unknown time zone with 400", async () => {
    const response = await api("/api/sites/school-a/alerting", T.dsl, {
      method: "PUT",
      body: { timezone: "Not/A_Zone" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/time zone/);
    expect((await (await api("/api/sites/school-a/alerting", T.dsl)).json()).timezone).toBe("Europe/London");
  });

  it("still alerts everyone, and records the failure, when stored settings no longer apply", async () => {
    // Settings written before the check existed, straight into the store.
    stores.alerts.setSettings(
      "school-a",
      { timezone: "Not/A_Zone", outOfHours: [{ name: "On call", email: "on-call@school.test" }] },
      new Date().toISOString(),
    );
    let incident = 0;
    const mail = await mailDuring(async () => {
      incident = await lookup("school-a", "10.9.0.1");
    }, 1);
    expect(mail.flatMap((m) => m.to)).toEqual(
      expect.arrayContaining([emailOf[T.dsl], emailOf[T.dslA], "on-call@school.test"]),
    );
    const records = stores.alerts.forIncident(incident);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: "settings",
          status: "failed",
          error: expect.stringMatching(/Not\/A_Zone|time zone/i),
        }),
        expect.objectContaining({ channel: "email", status: "sent" }),
      ]),
    );
    // Reading them says what is wrong instead of failing with a 500, and setting them again mends them.
    const read = await api("/api/sites/school-a/alerting", T.dsl);
    expect(read.status).toBe(409);
    expect(await read.text()).toMatch(/no longer valid/);
    const mended = await api("/api/sites/school-a/alerting", T.dsl, {
      method: "PUT",
      body: { timezone: "Europe/London" },
    });
    expect(mended.status).toBe(200);
    expect((await (await api("/api/sites/school-a/alerting", T.dsl)).json()).timezone).toBe("Europe/London");
    stores.alerts.setSettings("school-a", {}, new Date().toISOString());
  });
});

describe("14: PDF downloads are printed one at a time", () => {
  const chromium = findChromium();

  it.skipIf(!chromium)(
    "refuses downloads beyond the queue with 503 and Retry-After",
    async () => {
      const generated = await api("/api/reports", T.dsl, { method: "POST", body: { kind: "weekly-ict" } });
      const { id } = (await generated.json()) as { id: number };
      // Each body is read as soon as its answer arrives: a finished PDF left
      // unread while another prints can outlive the server's keep-alive.
      const downloads = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const r = await api(`/api/reports/${id}/download?format=pdf`, T.board);
          const body = Buffer.from(await r.arrayBuffer());
          return {
            status: r.status,
            retryAfter: Number(r.headers.get("retry-after")),
            head: body.subarray(0, 5).toString(),
          };
        }),
      );
      expect(downloads.map((d) => d.status).sort()).toEqual([200, 200, 503, 503]);
      for (const d of downloads) {
        if (d.status === 503) expect(d.retryAfter).toBeGreaterThan(0);
        else expect(d.head).toBe("%PDF-");
      }
    },
    60_000,
  );

  it.skipIf(!chromium)(
    "prints with JavaScript off: a script in the page never runs",
    async () => {
      let calls = 0;
      const ping: Server = createServer((_req, res) => {
        calls++;
        res.end("ok");
      });
      await new Promise<void>((resolve) => ping.listen(0, "127.0.0.1", resolve));
      const port = (ping.address() as { port: number }).port;
      const page = `<!doctype html><html><body><p>report</p><script>fetch("http://127.0.0.1:${port}/ran")</script></body></html>`;
      const pdf = await renderPdf(page, chromium as string);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      await new Promise((resolve) => setTimeout(resolve, 300));
      ping.close();
      expect(calls).toBe(0);
    },
    30_000,
  );
});

describe("17: CSV exports defuse formulas behind a tab or a carriage return", () => {
  it("prefixes a client's DHCP host name starting with a tab or CR in the events CSV download", async () => {
    // A pupil's device names itself; the agent passes the name on with every flagged look-up.
    const hostnames = ['\t=HYPERLINK("http://evil.test","x")', '\r=HYPERLINK("http://evil.test","y")'];
    const events = hostnames.map((hostname, i) => wireEvent({ clientAddress: `10.9.1.${i + 1}`, hostname }));
    const sent = await fetch(`${url}/api/agents/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${agents["school-a"]}`, "content-type": "application/json" },
      body: JSON.stringify({ schemaVersion: 1, events }),
    });
    expect(sent.status).toBe(200);
    await hub.services.alerts.settle();
    const email = await addPasswordUser(hub.services, "dsl");
    const login = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const csv = await (await fetch(`${url}/events.csv?site=school-a`, { headers: { cookie } })).text();
    expect(csv).toContain(`'\t=HYPERLINK`);
    expect(csv).toContain(`'\r=HYPERLINK`);
    expect(csv).not.toMatch(/[,\n"]\t=HYPERLINK/);
    expect(csv).not.toMatch(/[,\n"]\r=HYPERLINK/);
  });
});

describe("20: alert webhooks go only to https: and public addresses", () => {
  it.each([
    ["file:///etc/passwd", /file: is not allowed/],
    ["http://hooks.example.com/incoming", /http: only/],
    ["https://127.0.0.1:8443/hook", /loopback, private/],
    ["https://169.254.169.254/latest/meta-data/", /loopback, private/],
    ["https://10.0.0.5/hook", /loopback, private/],
    ["https://[::1]/hook", /loopback, private/],
    ["https://[fd12::1]/hook", /loopback, private/],
  ])("refuses %s with 400", async (webhookUrl, why) => {
    const response = await api("/api/sites/school-b/alerting", T.dsl, { method: "PUT", body: { webhookUrl } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(why);
  });

  it("checks the resolved addresses when sending: a name resolving to loopback is never connected to", async () => {
    let connections = 0;
    const receiver = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as { port: number }).port;
    const set = await api("/api/sites/school-b/alerting", T.dsl, {
      method: "PUT",
      body: { webhookUrl: `https://localhost:${port}/hook` },
    });
    expect(set.status).toBe(200);
    const incident = await lookup("school-b", "10.9.0.2");
    receiver.close();
    expect(connections).toBe(0);
    expect(stores.alerts.forIncident(incident)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: "webhook",
          status: "failed",
          error: expect.stringMatching(/refused.*loopback/),
        }),
        expect.objectContaining({ channel: "email", status: "sent" }),
      ]),
    );
  });
});

describe("19: the audit log's sealed head shows a truncated tail", () => {
  const verify = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const config = join(work, "hub.yaml");
    writeFileSync(config, `listen: "127.0.0.1:0"\ndatabase: ${JSON.stringify(database)}\n`);
    const code = await hubMain(["audit", "verify", "--config", config], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    return { code, out: out.join(""), err: err.join("") };
  };

  it("carries the head in every report's footer and in the DSLs' daily anchor email", async () => {
    const generated = await api("/api/reports", T.dsl, { method: "POST", body: { kind: "weekly-ict" } });
    const { id } = (await generated.json()) as { id: number };
    const page = await (await api(`/api/reports/${id}/download?format=html`, T.dsl)).text();
    expect(page).toMatch(/Audit log head: \d+ entries, newest #\d+, hash [0-9a-f]{64}/);
    const mail = await mailDuring(() => hub.actions.reportSchedules.sendAuditAnchor(), 1);
    // The DSLs and deputies (of any site), and no one else.
    expect(mail[0]?.to).toEqual(expect.arrayContaining([emailOf[T.dsl], emailOf[T.dslA]]));
    expect(mail[0]?.to).not.toEqual(expect.arrayContaining([emailOf[T.board]]));
    expect(mail[0]?.to).not.toEqual(expect.arrayContaining([emailOf[T.ictA]]));
    // Undo the quoted-printable soft line breaks before reading the hash.
    const hash = /Its hash: +([0-9a-f]{64})/.exec(mail[0]?.raw.replace(/=\r?\n/g, "") ?? "")?.[1];
    expect(hash).toBe(hub.services.audit.head()?.hash);
  });

  it("fails audit verify, saying so, after the newest rows are deleted from the database file", async () => {
    for (let i = 0; i < 30; i++) expect((await api("/api/audit?limit=1", T.auditor)).status).toBe(200);
    await api("/api/reports", T.dsl, { method: "POST", body: { kind: "weekly-ict" } });
    const intact = await verify();
    expect(intact).toMatchObject({ code: 0, out: expect.stringMatching(/intact/) });
    const inspector = openSqlInspector(database);
    const newest = inspector.value("SELECT MAX(seq) FROM audit_log") as number;
    expect(newest).toBeGreaterThan(5);
    // Someone with the file deletes the newest entries: the chain that is left is still whole.
    inspector.exec(`DELETE FROM audit_log WHERE seq > ${newest - 5}`);
    inspector.close();
    const cut = await verify();
    expect(cut.code).toBe(3);
    expect(cut.err).toMatch(
      new RegExp(
        `TAMPERED: entry ${newest - 4}: the log was truncated: the newest 5 entries \\(#${newest - 4} to #${newest}\\) were removed`,
      ),
    );
    const overHttp = await (await api("/api/audit/verify", T.auditor)).json();
    expect(overHttp).toMatchObject({ ok: false, problem: expect.stringMatching(/truncated/) });
  });
});
