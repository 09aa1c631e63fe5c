import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { enrolOverApi } from "@fenceline/hub/src/testing/enrol-over-api.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import type { CheckRequest, CheckResult } from "@fenceline/shared/checks";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { serveHub } from "./support/hub-with-agent.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

const ICT = "fl_ict-token-for-filter-checks-e2e-0123456789";
const DSL = "fl_dsl-token-for-filter-checks-e2e-0123456789";

/**
 * A filtering check end to end over real HTTP and SMTP: ICT asks for a check, the agent polls for
 * it with its credential and answers that all passed while its canary resolved; the hub re-judges
 * the run as failed, the sweep emails ICT once (no locked name in it), and the weekly ICT report
 * lists the failure by category.
 */
describe("a filtering check that the agent says passed but did not", () => {
  const smtp = new SmtpSink();
  let hub: ReturnType<typeof createHub>;
  let server: { close: () => Promise<void> };
  let url = "";
  let agent = "";
  const call = async (path: string, token: string, method = "GET", body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await smtp.start();
    const stores = openHubStores(join(mkdtempSync(join(tmpdir(), "fenceline-checks-")), "hub.sqlite"));
    hub = createHub({
      stores,
      log: pino({ level: "silent" }),
      settings: { smtp: smtp.settings("fenceline@hub.test"), publicUrl: "https://hub.school.test" },
    });
    grantToken(stores, ICT, "ict-admin");
    grantToken(stores, DSL, "dsl");
    [agent] = (await enrolOverApi(hub.app, ICT, "school-a", ["gw"])) as [string];
    await hub.services.users.create({ email: "ict@school.test", name: "I", role: "ict-admin", sites: null });
    await hub.services.users.create({ email: "dsl@school.test", name: "D", role: "dsl", sites: null });
    const port = await freePort();
    server = await serveHub(hub.app.fetch, port);
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server.close();
    hub.services.sender.close();
    await smtp.stop();
    hub.services.stores.close();
  });

  it("is re-judged as failed, emailed to ICT once, and shown in the weekly ICT report", async () => {
    const canary = { category: "terrorism", name: "canary.school.test" };
    expect((await call("/api/sites/school-a/check-canaries", DSL, "POST", canary)).status).toBe(201);
    expect((await call("/api/sites/school-a/checks", ICT, "POST")).status).toBe(201);

    const polled = await call("/api/agents/checks", agent);
    const [run] = polled.body.runs as CheckRequest[];
    expect(run?.canaries).toEqual([canary]);
    const now = new Date().toISOString();
    const item = {
      group: "students",
      kind: "category" as const,
      category: "terrorism",
      name: canary.name,
      canary: true,
    };
    const result: CheckResult = {
      ...{ schemaVersion: 1, startedAt: now, finishedAt: now, listsVersion: "v1", untested: [] },
      items: [{ ...item, expected: "blocked", outcome: "resolved", pass: true }],
    };
    expect((await call(`/api/agents/checks/${run?.id}`, agent, "POST", result)).status).toBe(204);
    expect((await call(`/api/agents/checks/${run?.id}`, agent, "POST", result)).status).toBe(409);
    expect((await call("/api/agents/checks", agent)).body.runs).toEqual([]);

    await hub.services.alertSweeper.sweep();
    await hub.services.alertSweeper.sweep();
    const [mail] = await smtp.waitFor(1, 10_000);
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.to).toContain("ict@school.test");
    expect(mail?.to).not.toContain("dsl@school.test");
    expect(mail?.subject).toBe("[Fenceline] Filtering check failed at school-a");
    // Quoted-printable: long lines are broken with "=" at the end; join them before reading.
    const body = (mail?.raw ?? "").replace(/=\r?\n/g, "");
    expect(body).not.toContain("canary.school.test");
    expect(body).toContain("locked list entry (Terrorist content)");
    expect(body).toContain(`https://hub.school.test/sites/school-a/checks/${run?.id}`);

    const seen = await call(`/api/sites/school-a/checks/${run?.id}`, ICT);
    expect(seen.body).toMatchObject({ status: "failed", failedCount: 1, alertStatus: "sent" });
    expect(JSON.stringify(seen.body)).not.toContain("canary.school.test");

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const made = await call("/api/reports", ICT, "POST", { kind: "weekly-ict", from: day(-6), to: day(1) });
    expect(made.status).toBe(201);
    const text = JSON.stringify((await call(`/api/reports/${made.body.id}`, ICT)).body);
    expect(text).toContain("Filtering checks");
    expect(text).toContain('"Terrorist content","blocked","resolved"');
    expect(text).not.toContain("canary.school.test");
  });
});
