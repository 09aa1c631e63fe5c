import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, TYPE } from "./support/dns-client.ts";
import { QuickStartRun } from "./support/quick-start-run.ts";
import { TestUpstream } from "./support/test-upstream.ts";

/**
 * `./run start` on a machine where no list can be had (no internet, nothing in the mirror): it
 * must still come up, filtering on the built-in rules, and the agent must fetch the lists by itself
 * once they can be had, long before the daily schedule. Nothing here needs the internet: the
 * "upstream" lists are a mirror folder that appears while the agent runs.
 */
const run = new QuickStartRun();
const mirror = join(run.work, "mirror-not-there-yet");
let upstream: TestUpstream;

beforeAll(async () => {
  upstream = await new TestUpstream().start();
  await run.start({
    FENCELINE_MIRROR: mirror,
    FENCELINE_UPSTREAM: upstream.url,
    // Tries 1, 2, 4, 8... seconds apart, so the test does not wait the two minutes a site would.
    FENCELINE_LISTS_RETRY_SECONDS: "1",
  });
}, 30_000);

afterAll(async () => {
  run.kill();
  await upstream.stop();
});

describe("./run start with no list to be had", () => {
  it("says plainly that no list could be fetched, and comes up all the same", async () => {
    await run.waitFor(/Fenceline is running/, 90_000);
    // The banner arrives in chunks: wait for its last line before reading it.
    await run.waitFor(/pornhub\.com +# blocked once the agent has the lists/, 10_000);
    expect(run.output).toMatch(/^No list could be fetched \(\d+ sources unavailable/m);
    expect(run.output).toMatch(/Lists: +none yet: filtering on the built-in rules only/);
    expect(run.output).toMatch(/pornhub\.com +# blocked once the agent has the lists/);
    await run.waitFor(/"msg":"agent started"/, 20_000);
  }, 120_000);

  it("filters on the built-in rules: safe search and circumvention names", async () => {
    const google = await ask(run.dns, "www.google.com", { timeoutMs: 5000 });
    expect(google.answers[0]).toMatchObject({ type: TYPE.CNAME, domain: "forcesafesearch.google.com" });
    expect((await ask(run.dns, "use-application-dns.net")).rcode).toBe(3);
    // No list yet: a listed name goes through.
    expect((await ask(run.dns, "hate-site.test")).answers).toMatchObject([{ address: "192.0.2.1" }]);
  });

  it("fetches the lists by itself as soon as they can be had, and blocks by them", async () => {
    mkdirSync(join(mirror, "ut1"), { recursive: true });
    writeFileSync(join(mirror, "ut1", "agressif.txt"), "hate-site.test\n");
    await run.waitFor(/"msg":"lists fetched"/, 40_000);
    let rcode = 0;
    for (let i = 0; i < 50 && rcode !== 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rcode = (await ask(run.dns, "hate-site.test")).rcode;
    }
    expect(rcode).toBe(3);
    // With lists in force it stops trying; the daily schedule takes over.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(run.output.slice(run.output.indexOf('"msg":"lists fetched"'))).not.toContain("trying again soon");
  }, 60_000);

  it("stops cleanly on Ctrl-C", async () => {
    expect(await run.interrupt()).toBe(0);
    await run.waitFor(/Fenceline stopped\./, 1000);
  }, 20_000);
});
