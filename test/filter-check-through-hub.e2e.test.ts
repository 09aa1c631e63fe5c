import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/agent-harness.ts";
import { hubApi, linkToHub, until } from "./support/agent-on-hub.ts";
import { freePort } from "./support/free-port.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

const ICT_EMAIL = "ict@hillside.test";

interface RunItem {
  group: string;
  kind: string;
  category: string | null;
  name: string;
  expected: string;
  outcome: string;
  pass: boolean;
}
interface Run {
  id: string;
  status: string;
  items: RunItem[];
}

/** Students (safe search on) and staff; students' pornography blocked, or let through by an edit. */
const policyWith = (adult: "block" | "allow") => ({
  defaultGroup: "students",
  groups: [
    {
      id: "students",
      kind: "student",
      cidrs: ["127.0.0.0/24"],
      blockMode: "nxdomain",
      categories: { adult },
      safeSearch: { enabled: true, youtube: "strict" },
    },
    { id: "staff", kind: "staff", cidrs: ["127.0.1.0/24"], blockMode: "nxdomain" },
  ],
});

/**
 * A filtering check end to end with a real agent: ICT asks the hub for a check, the agent takes it
 * at its next poll and resolves sample names through its own resolver as each group's clients
 * would. A students' policy edited to let pornography through fails that category, ICT is emailed
 * through SMTP and the weekly ICT report lists the failure; with the policy restored, the next
 * check passes.
 */
describe("a filtering check through the hub", () => {
  const smtp = new SmtpSink();
  let hub: Awaited<ReturnType<typeof hubWithAgent>>;
  let server: { close: () => Promise<void> };
  let h: Harness;
  const api = (...args: Parameters<ReturnType<typeof hubApi>>) => hubApi(hub.app)(...args);
  const versionAtAgent = (): number => {
    try {
      return JSON.parse(readFileSync(join(hub.work, "hub-policy.json"), "utf8")).version ?? -1;
    } catch {
      return -1;
    }
  };
  const setPolicy = async (adult: "block" | "allow") => {
    const body = { policy: policyWith(adult), reason: `pornography: ${adult} for students` };
    const put = await api("PUT", "/api/sites/school-a/policy", body, HUB_ADMIN);
    expect(put.status).toBe(200);
    return put.body.version as number;
  };
  const runCheck = async (): Promise<Run> => {
    const requested = await api("POST", "/api/sites/school-a/checks", {}, HUB_ADMIN);
    expect(requested.status).toBe(201);
    const runs = requested.body.runs as { id: string }[];
    expect(runs).toHaveLength(1);
    let done: Run | undefined;
    await until(async () => {
      const read = await api("GET", `/api/sites/school-a/checks/${runs[0]?.id}`, undefined, HUB_ADMIN);
      done = read.body as unknown as Run;
      return done.status !== "requested";
    }, "the agent's answer");
    return done as Run;
  };
  const adultItems = (run: Run, group: string) =>
    run.items.filter((i) => i.kind === "category" && i.category === "adult" && i.group === group);
  const weeklyReport = async (): Promise<string> => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const made = await api("POST", "/api/reports", { kind: "weekly-ict", from: day(-1), to: day(1) }, HUB_ADMIN);
    expect(made.status).toBe(201);
    const response = await hub.app.request(`/api/reports/${made.body.id}/download?format=html`, {
      headers: { authorization: `Bearer ${HUB_ADMIN}` },
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    await smtp.start();
    hub = await hubWithAgent({ smtp: smtp.settings("fenceline@hub.test") });
    await hub.services.users.create({ email: ICT_EMAIL, name: "ICT", role: "ict-admin", sites: null });
    const version = await setPolicy("allow");
    const port = await freePort();
    server = await serveHub(hub.app.fetch, port);
    const link = linkToHub(hub, `http://127.0.0.1:${port}`);
    h = await startHarness({ ...link, hub: { ...link.hub, checkPollSeconds: 1 } });
    await until(() => versionAtAgent() === version, "the hub's policy at the agent");
  }, 40_000);

  afterAll(async () => {
    await h?.stop();
    await server?.close();
    hub?.services.sender.close();
    hub?.stores.close();
    await smtp.stop();
  });

  it("fails the category the edit let through, alerts ICT and reports it; passes once restored", async () => {
    const leaky = await runCheck();
    expect(leaky.status).toBe("failed");
    const students = adultItems(leaky, "students");
    expect(students.length).toBeGreaterThan(0);
    expect(students.every((i) => !i.pass && i.expected === "blocked" && i.outcome === "resolved")).toBe(true);
    // Only what the edit changed fails: staff still block pornography, safe search and the rest hold.
    expect(leaky.items.filter((i) => !i.pass).every((i) => i.group === "students" && i.category === "adult")).toBe(
      true,
    );
    expect(adultItems(leaky, "staff").every((i) => i.pass && i.outcome === "blocked")).toBe(true);
    expect(leaky.items.some((i) => i.kind === "safe-search" && i.pass && i.outcome === "safesearch")).toBe(true);
    expect(leaky.items.some((i) => i.kind === "popular" && i.pass)).toBe(true);
    // The check's look-ups raised no events at the hub.
    expect((await api("GET", "/api/events?limit=10", undefined, HUB_ADMIN)).body.events).toEqual([]);

    // The sweep sends what is due (the harness's lists are old, so a stale-lists alert too).
    const checkMails = () => smtp.messages.filter((m) => /Filtering.check.failed/.test(m.subject));
    await hub.services.alertSweeper.sweep();
    await until(() => checkMails().length > 0, "the check's alert");
    const [mail] = checkMails();
    expect(mail?.to).toContain(ICT_EMAIL);
    expect(mail?.raw).toMatch(/students/);
    expect(mail?.raw).toMatch(/Pornography/);
    await hub.services.alertSweeper.sweep();
    expect(checkMails()).toHaveLength(1);

    const weekly = await weeklyReport();
    expect(weekly).toContain("Filtering checks");
    expect(weekly).toMatch(/students<\/td>\s*<td[^>]*>Pornography/);

    const version = await setPolicy("block");
    await until(() => versionAtAgent() === version, "the restored policy at the agent");
    const restored = await runCheck();
    expect(adultItems(restored, "students").every((i) => i.pass && i.outcome === "blocked")).toBe(true);
    expect(restored.items.filter((i) => !i.pass)).toEqual([]);
    expect(restored.status).toBe("passed");
  }, 90_000);
});
