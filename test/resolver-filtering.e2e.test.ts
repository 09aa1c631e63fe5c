import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUEST, type Harness, STAFF, STUDENT, startHarness, TEST_GROUPS } from "./support/agent-harness.ts";
import { ask, TYPE } from "./support/dns-client.ts";

/**
 * A window open all day but one minute, the one twelve hours away from now (site time): open
 * while the test runs, and in all but one minute of the day running past midnight.
 */
function alwaysOpenWindow(): { from: string; to: string } {
  const [hours, minutes] = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(new Date())
    .split(":")
    .map(Number) as [number, number];
  const from = (hours * 60 + minutes + 720) % 1440;
  const to = (from + 1439) % 1440;
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return { from: clock(from), to: clock(to) };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    policy: {
      // Staff's window is open all day but a minute, across midnight: games blocked "now".
      groups: TEST_GROUPS.map((group) =>
        group.id === "staff"
          ? {
              ...group,
              windows: [
                {
                  days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                  ...alwaysOpenWindow(),
                  categories: { games: "block" },
                },
              ],
            }
          : group,
      ),
    },
  });
});
afterAll(() => h.stop());

const lastEvent = () => h.agent.events.drain().pop();

/** GET from the agent's HTTP server as a browser sent there for `host` would (fetch cannot set Host). */
function getPage(host: string, path = "/"): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: h.httpPort, path, headers: { host } }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("block answers per group", () => {
  it("students get the block page address, with an EDE naming the category", async () => {
    const reply = await ask(h.dns, "www.selfharm.test", { from: STUDENT, edns: true });
    expect(reply.rcode).toBe(0);
    expect(reply.answers).toMatchObject([{ type: TYPE.A, address: "10.99.99.99", ttl: 10 }]);
    expect(reply.ede).toEqual({
      code: 17,
      text: "Fenceline: blocked category self-harm (Self-harm, suicide and eating disorders)",
    });
    expect(lastEvent()).toMatchObject({
      outcome: "blocked",
      categories: ["self-harm"],
      rule: "selfharm.test",
      list: "test-self-harm",
      group: "students",
      clientAddress: STUDENT,
    });
  });

  it("the block page address over IPv6 too", async () => {
    const reply = await ask(h.dns, "selfharm.test", { from: STUDENT, type: TYPE.AAAA });
    expect(reply.answers).toMatchObject([{ type: TYPE.AAAA, address: "fd99::99" }]);
  });

  it("staff get the null address", async () => {
    const reply = await ask(h.dns, "selfharm.test", { from: STAFF });
    // self-harm is monitor-only for staff: allowed but flagged
    expect(reply.answers).toMatchObject([{ address: "192.0.2.1" }]);
    expect(lastEvent()).toMatchObject({ outcome: "resolved", monitored: ["self-harm"] });
    const blocked = await ask(h.dns, "adult.test", { from: STAFF });
    expect(blocked.answers).toMatchObject([{ type: TYPE.A, address: "0.0.0.0" }]);
  });

  it("guests get NXDOMAIN", async () => {
    const reply = await ask(h.dns, "adult.test", { from: GUEST, edns: true });
    expect(reply.rcode).toBe(3);
    expect(reply.answers).toEqual([]);
    expect(reply.ede?.code).toBe(17);
  });

  it("other record types of a blocked name get an empty answer, and never reach the upstream", async () => {
    const askedBefore = h.upstream.asked.length;
    for (const type of [TYPE.MX, TYPE.TXT, TYPE.HTTPS]) {
      const reply = await ask(h.dns, "selfharm.test", { from: STUDENT, type });
      expect(reply.rcode).toBe(0);
      expect(reply.answers).toEqual([]);
    }
    expect(h.upstream.asked.slice(askedBefore)).toEqual([]);
  });
});

describe("overrides and locked categories", () => {
  it("a group's allow name overrides a list block", async () => {
    const reply = await ask(h.dns, "adult.test", { from: STUDENT });
    expect(reply.answers).toMatchObject([{ address: "192.0.2.1" }]);
  });

  it("a locked category is blocked even when the group allows the name", async () => {
    const reply = await ask(h.dns, "csam.test", { from: STUDENT, edns: true });
    expect(reply.answers).toMatchObject([{ address: "10.99.99.99" }]);
    expect(reply.ede?.code).toBe(16);
    expect(lastEvent()).toMatchObject({ outcome: "blocked", categories: ["child-abuse"], locked: true });
  });

  it("a group's block name blocks what no list holds", async () => {
    const reply = await ask(h.dns, "www.blocked-for-staff.test", { from: STAFF, edns: true });
    expect(reply.answers).toMatchObject([{ address: "0.0.0.0" }]);
    expect(reply.ede?.code).toBe(15);
    expect((await ask(h.dns, "blocked-for-staff.test", { from: STUDENT })).answers).toMatchObject([
      { address: "192.0.2.1" },
    ]);
  });

  it("a list allow entry overrides its list's block below it", async () => {
    const reply = await ask(h.dns, "health.adult.test", { from: GUEST });
    expect(reply.rcode).toBe(0);
    expect(reply.answers).toMatchObject([{ address: "192.0.2.1" }]);
  });

  it("groups follow the client's address block", async () => {
    expect((await ask(h.dns, "social.test", { from: STUDENT })).answers).toMatchObject([{ address: "10.99.99.99" }]);
    expect((await ask(h.dns, "social.test", { from: STAFF })).answers).toMatchObject([{ address: "192.0.2.1" }]);
  });

  it("a time window across midnight changes a group's actions while open", async () => {
    expect((await ask(h.dns, "game.test", { from: STAFF })).answers).toMatchObject([{ address: "0.0.0.0" }]);
    expect((await ask(h.dns, "game.test", { from: GUEST })).answers).toMatchObject([{ address: "192.0.2.1" }]);
  });
});

describe("circumvention", () => {
  it.each([
    ["use-application-dns.net", 3],
    ["mask.icloud.com", 3],
    ["mask-h2.icloud.com", 3],
    ["_dns.resolver.arpa", 0],
  ])("%s is answered by the agent (rcode %i, no records) and recorded", async (name, rcode) => {
    const before = h.upstream.asked.length;
    const reply = await ask(h.dns, name, { from: STAFF });
    expect(reply.rcode).toBe(rcode);
    expect(reply.answers).toEqual([]);
    expect(h.upstream.asked.length).toBe(before);
    expect(lastEvent()).toMatchObject({ outcome: "circumvention", rule: name });
  });

  it("a DoH resolver's name is blocked as circumvention", async () => {
    const reply = await ask(h.dns, "doh.test", { from: STUDENT });
    expect(reply.answers).toMatchObject([{ address: "10.99.99.99" }]);
    expect(lastEvent()).toMatchObject({ outcome: "circumvention", categories: ["doh"] });
  });
});

describe("safe search", () => {
  it.each([
    ["www.google.com", "forcesafesearch.google.com"],
    ["www.google.co.uk", "forcesafesearch.google.com"],
    ["google.de", "forcesafesearch.google.com"],
    ["www.youtube.com", "restrict.youtube.com"],
    ["www.bing.com", "strict.bing.com"],
    ["duckduckgo.com", "safe.duckduckgo.com"],
    ["www.ecosia.org", "strict-safe-search.ecosia.org"],
    ["pixabay.com", "safesearch.pixabay.com"],
    ["search.brave.com", "forcesafe.search.brave.com"],
    ["yandex.ru", "familysearch.yandex.ru"],
  ])("%s → CNAME %s and the target's address", async (name, target) => {
    const reply = await ask(h.dns, name, { from: STUDENT });
    expect(reply.answers[0]).toMatchObject({ name, type: TYPE.CNAME, domain: target });
    expect(reply.answers[1]).toMatchObject({ name: target, type: TYPE.A, address: "192.0.2.1" });
    expect(lastEvent()).toMatchObject({ outcome: "safesearch", name });
  });

  it("YouTube is moderate for staff", async () => {
    const reply = await ask(h.dns, "m.youtube.com", { from: STAFF });
    expect(reply.answers[0]).toMatchObject({ type: TYPE.CNAME, domain: "restrictmoderate.youtube.com" });
  });

  it("other Google hosts are untouched", async () => {
    const reply = await ask(h.dns, "mail.google.com", { from: STUDENT });
    expect(reply.answers).toMatchObject([{ type: TYPE.A, name: "mail.google.com" }]);
  });
});

describe("the block page", () => {
  it("names the site and category in plain language, with a review link", async () => {
    const { status, text: page } = await getPage("www.selfharm.test", "/any/path");
    expect(status).toBe(403);
    expect(page).toContain("This site has been blocked");
    expect(page).toContain("www.selfharm.test");
    expect(page).toContain("Self-harm, suicide and eating disorders");
    expect(page).toContain("https://hub.test/review?name=www.selfharm.test&amp;category=self-harm");
    // The learners' form on the hub, marked as not for emergencies.
    expect(page).toContain('<a href="https://hub.test/report-a-problem?site=school-a">Report a problem</a>');
    expect(page).toContain("call 999");
  });

  it("never shows the rule of a locked category", async () => {
    const { text: page } = await getPage("csam.test");
    expect(page).toContain("Child sexual abuse material");
    expect(page).not.toContain("<code>");
  });

  it("reads its gauges when scraped, without a health check first", async () => {
    const scrape = async () => await (await fetch(`http://127.0.0.1:${h.httpPort}/metrics`)).text();
    const cacheEntries = (metrics: string) => Number(/^fenceline_cache_entries (\d+)$/m.exec(metrics)?.[1]);
    const before = await scrape();
    await ask(h.dns, "scraped-after-this.example.org", { from: STAFF });
    const after = await scrape();
    expect(cacheEntries(after)).toBe(cacheEntries(before) + 1);
    expect(after).toMatch(/^fenceline_list_info\{version="[^"]+"\} 1$/m);
    expect(Number(/^fenceline_list_age_seconds (\S+)$/m.exec(after)?.[1])).toBeGreaterThan(0);
  });

  it("serves health and metrics", async () => {
    const health = await (await fetch(`http://127.0.0.1:${h.httpPort}/health`)).json();
    expect(health).toMatchObject({ healthy: true, lists: { lists: 8 } });
    const metrics = await (await fetch(`http://127.0.0.1:${h.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/fenceline_queries_total\{outcome="blocked",label="self-harm",group="students"\} \d+/);
    // The duration histogram: cumulative buckets ending in +Inf, which equals the count.
    const blockedCount = Number(/fenceline_query_duration_seconds_count\{outcome="blocked"\} (\d+)/.exec(metrics)?.[1]);
    const blockedQueries = [...metrics.matchAll(/fenceline_queries_total\{outcome="blocked",[^}]*\} (\d+)/g)]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    expect(blockedCount).toBeGreaterThan(0);
    expect(blockedCount).toBe(blockedQueries);
    const buckets = [
      ...metrics.matchAll(/fenceline_query_duration_seconds_bucket\{outcome="blocked",le="([^"]+)"\} (\d+)/g),
    ];
    expect(buckets.at(-1)?.[1]).toBe("+Inf");
    expect(Number(buckets.at(-1)?.[2])).toBe(blockedCount);
    const cumulative = buckets.map((m) => Number(m[2]));
    expect(cumulative).toEqual([...cumulative].sort((a, b) => a - b));
    // The process's own figures, for the ICT team's dashboards: memory, CPU, event-loop delay.
    const resident = Number(/^process_resident_memory_bytes (\d+)$/m.exec(metrics)?.[1]);
    expect(resident).toBeGreaterThan(10 * 1024 * 1024);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds [\d.e-]+$/m);
    expect(metrics).toMatch(/^process_cpu_seconds_total [\d.e-]+$/m);
  });
});

describe("names an answer leads to through CNAME records", () => {
  let cdn: Harness;
  beforeAll(async () => {
    cdn = await startHarness();
    cdn.upstream.cnames.set("front.test", "adult.test");
    cdn.upstream.cnames.set("cdn-front.test", "plain.test");
    // Students may have adult.test (their own allow list), never what is locked.
    cdn.upstream.cnames.set("adult.test", "csam.test");
    cdn.upstream.cnames.set("student-front.test", "adult.test");
  });
  afterAll(() => cdn.stop());

  it("blocks an allowed name whose CNAME leads to a blocked one, from the cache too, and says so", async () => {
    for (const round of ["from the upstream", "from the cache"]) {
      const reply = await ask(cdn.dns, "front.test", { from: GUEST, edns: true });
      expect(reply.rcode, round).toBe(3);
      expect(reply.ede?.text).toMatch(/adult.*through a CNAME/);
    }
    expect(cdn.agent.events.drain().pop()).toMatchObject({
      name: "front.test",
      outcome: "blocked",
      categories: ["adult"],
      rule: "adult.test",
      detail: "cname",
    });
    expect(cdn.upstream.asked.filter((q) => q.startsWith("front.test/"))).toHaveLength(1);
  });

  it("answers a CNAME to an allowed name as usual", async () => {
    const reply = await ask(cdn.dns, "cdn-front.test", { from: GUEST });
    expect(reply.rcode).toBe(0);
    expect(reply.answers.map((a) => a.type)).toEqual([TYPE.CNAME, TYPE.A]);
  });

  it("follows the group's allow list on targets, but never lets a locked target through", async () => {
    const viaAllowed = await ask(cdn.dns, "student-front.test", { from: STUDENT });
    expect(viaAllowed.rcode).toBe(0);
    const toLocked = await ask(cdn.dns, "adult.test", { from: STUDENT, edns: true });
    expect(toLocked.answers).toMatchObject([{ address: "10.99.99.99" }]);
    expect(toLocked.ede?.code).toBe(16);
  });
});
