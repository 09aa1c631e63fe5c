import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/agent-harness.ts";
import { hubApi, linkToHub, until } from "./support/agent-on-hub.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

const DSL = "fl_dsl-token-for-review-requests-e2e-0123456789";
const STAFF = "fl_staff-token-for-review-requests-e2e-012345678";
/** A library PC, in the "library" group; a student laptop, in "students". */
const LIBRARY = "127.0.0.30";
const STUDENT = "127.0.0.31";
const NAME = "www.game.test";
const WINDOW_SECONDS = 15;
const RESOLVED = "192.0.2.1";

/**
 * An unblock request end to end: made from the agent's block page through the hub's form,
 * approved by ICT for one group for a short window; the agent gets the allow at its next poll and
 * resolves the name for that group only; at the window's end the sweep takes it out and the
 * agent blocks it again; the policy change log names the request and the approver.
 */
describe("an unblock request from the block page", () => {
  let hub: Awaited<ReturnType<typeof hubWithAgent>>;
  let server: { close: () => Promise<void> };
  let h: Harness;
  let url: string;
  const api = (...args: Parameters<ReturnType<typeof hubApi>>) => hubApi(hub.app)(...args);
  const form = (query: string, fields: Record<string, string>, origin: string | null = url) =>
    fetch(`${url}/review-request?${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
      body: new URLSearchParams(fields),
    });
  const versionAtAgent = (): number => {
    try {
      return JSON.parse(readFileSync(join(hub.work, "hub-policy.json"), "utf8")).version ?? -1;
    } catch {
      return -1;
    }
  };
  const answer = async (from: string, name: string) => {
    const reply = await ask(h.dns, name, { from });
    return reply.rcode === 3 ? "blocked" : (reply.answers[0]?.address ?? "no answer");
  };
  const blockPage = (host: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: h.httpPort, path: "/", headers: { host } }, (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });

  beforeAll(async () => {
    hub = await hubWithAgent();
    grantToken(hub.stores, DSL, "dsl");
    grantToken(hub.stores, STAFF, "staff");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const policy = {
      defaultGroup: "students",
      blockPage: { reviewUrl: `${url}/review-request?site=school-a` },
      groups: [
        {
          id: "library",
          kind: "student",
          cidrs: [`${LIBRARY}/32`],
          blockMode: "nxdomain",
          categories: { games: "block" },
        },
        {
          id: "students",
          kind: "student",
          cidrs: ["127.0.0.0/24"],
          blockMode: "nxdomain",
          categories: { games: "block" },
        },
      ],
    };
    const put = await api("PUT", "/api/sites/school-a/policy", { policy, reason: "two groups" }, HUB_ADMIN);
    expect(put.status).toBe(200);
    server = await serveHub(hub.app.fetch, port);
    h = await startHarness(linkToHub(hub, url));
    await until(() => versionAtAgent() === put.body.version, "the hub's policy at the agent");
  }, 40_000);

  afterAll(async () => {
    await h?.stop();
    await server?.close();
    hub?.stores.close();
  });

  it("allows the name for the approved group only, for the window, and logs who approved which request", async () => {
    expect(await answer(LIBRARY, NAME)).toBe("blocked");
    expect(await answer(STUDENT, NAME)).toBe("blocked");

    const page = await blockPage(NAME);
    const link = /href="([^"]*review-request[^"]*)"/.exec(page)?.[1]?.replaceAll("&amp;", "&");
    expect(link).toBe(`${url}/review-request?site=school-a&name=${NAME}&category=games`);
    const shown = await (await fetch(link as string)).text();
    expect(shown).toContain(`value="${NAME}"`);
    const sent = await form(new URL(link as string).search.slice(1), {
      name: NAME,
      reason: "the computing club's game design lesson",
      contact: "",
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("Your request (number");

    const queue = await api("GET", "/api/sites/school-a/review-requests?status=pending", undefined, HUB_ADMIN);
    const [pending] = queue.body.requests as { id: number; name: string; category: string; fromAddress: string }[];
    expect(pending).toMatchObject({ name: NAME, category: "games" });
    expect(pending?.fromAddress).not.toContain("127.0.0.1");

    const approval = { scope: "library", minutes: WINDOW_SECONDS / 60, reason: "needed for the lesson" };
    const wrongScope = await api(
      "POST",
      `/api/sites/school-a/review-requests/${pending?.id}/approve`,
      { ...approval, scope: "nope" },
      HUB_ADMIN,
    );
    expect(wrongScope.status).toBe(400);
    const approved = await api(
      "POST",
      `/api/sites/school-a/review-requests/${pending?.id}/approve`,
      approval,
      HUB_ADMIN,
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", scope: "library", addedTo: ["library"] });
    const again = await api(
      "POST",
      `/api/sites/school-a/review-requests/${pending?.id}/refuse`,
      { reason: "too late now" },
      HUB_ADMIN,
    );
    expect(again.status).toBe(409);

    await until(() => versionAtAgent() === approved.body.policyVersion, "the approval at the agent");
    expect(await answer(LIBRARY, NAME)).toBe(RESOLVED);
    expect(await answer(STUDENT, NAME)).toBe("blocked");

    await until(() => Date.now() > Date.parse(approved.body.until as string) + 100, "the window's end");
    await hub.services.alertSweeper.sweep();
    await until(() => versionAtAgent() === (approved.body.policyVersion as number) + 1, "the end at the agent");
    expect(await answer(LIBRARY, NAME)).toBe("blocked");
    expect(await answer(STUDENT, NAME)).toBe("blocked");

    const log = await api("GET", "/api/sites/school-a/policy/changes", undefined, HUB_ADMIN);
    const reasons = (log.body.changes as { reason: string; by: string }[]).map((c) => c.reason);
    expect(
      reasons.some(
        (r) => r.startsWith(`review request #${pending?.id} approved by `) && r.includes("for group library"),
      ),
    ).toBe(true);
    expect(reasons).toContain(`review request #${pending?.id}: allow of ${NAME} for group library ended`);
  }, 90_000);

  it("lets a signed-in user report a name that got through; a sensitive one is the DSL's to decide", async () => {
    const made = await api(
      "POST",
      "/api/sites/school-a/review-requests",
      { name: "bad.example", category: "self-harm", reason: "a pupil found it" },
      STAFF,
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: "block", status: "pending" });
    const path = `/api/sites/school-a/review-requests/${made.body.id}`;
    expect(
      (await api("POST", `${path}/approve`, { scope: "site", minutes: 60, reason: "block it now" }, HUB_ADMIN)).status,
    ).toBe(403);
    expect((await api("GET", "/api/sites/school-a/review-requests", undefined, STAFF)).status).toBe(403);
    const blocked = await api("POST", `${path}/approve`, { scope: "site", minutes: 60, reason: "block it now" }, DSL);
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ addedTo: ["library", "students"] });
  });

  it("refuses a locked category, another origin and an oversized body, and limits each address", async () => {
    const fields = { name: "x.test", reason: "please", contact: "" };
    const locked = await fetch(`${url}/review-request?site=school-a&name=csam.test&category=child-abuse`);
    expect(await locked.text()).toContain("cannot be unblocked");
    expect((await form("site=school-a&category=child-abuse", fields)).status).toBe(403);
    expect((await form("site=school-a&category=games", fields, "https://elsewhere.example")).status).toBe(403);
    expect((await form("site=school-a&category=games", fields, null)).status).toBe(403);
    expect((await form("site=school-a&category=games", { ...fields, reason: "x".repeat(20_000) })).status).toBe(413);
    expect((await form("site=school-a&category=games", { ...fields, name: "not a name!" })).status).toBe(400);
    expect((await form("site=nowhere&category=games", fields)).status).toBe(404);
    // One request was made in the first test: four more are taken, the sixth is refused.
    for (let i = 0; i < 4; i++) expect((await form("site=school-a&category=games", fields)).status).toBe(200);
    const sixth = await form("site=school-a&category=games", fields);
    expect(sixth.status).toBe(429);
  });
});
