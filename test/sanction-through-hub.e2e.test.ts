import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/agent-harness.ts";
import { hubApi, linkToHub, until } from "./support/agent-on-hub.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";
import { sendAccounting } from "./support/radius-sender.ts";

const DSL = "fl_dsl-token-for-sanction-through-hub-0123456789";
const SECRET = "wifi-controller-secret";
/** Cat and her neighbour sign in to the Wi-Fi on two addresses of the same /24. */
const CAT = "127.0.0.20";
const NEIGHBOUR = "127.0.0.21";
const SANCTION_SECONDS = 14;
const RESOLVED = "192.0.2.1";

/**
 * A sanction end to end: the DSL sets it at the hub for one person; the agent gets it with its
 * next policy poll and refuses that person's look-ups (the address comes from RADIUS accounting)
 * but not the neighbour's on the same subnet, nor the names the sanction leaves open; at its end
 * the agent lifts it by itself and the hub records the end in the policy change log.
 */
describe("a sanction set by the DSL at the hub", () => {
  let hub: Awaited<ReturnType<typeof hubWithAgent>>;
  let server: { close: () => Promise<void> };
  let h: Harness;
  const api = (...args: Parameters<ReturnType<typeof hubApi>>) => hubApi(hub.app)(...args);

  beforeAll(async () => {
    hub = await hubWithAgent();
    grantToken(hub.stores, DSL, "dsl");
    const policy = {
      defaultGroup: "students",
      groups: [{ id: "students", kind: "student", cidrs: ["127.0.0.0/24"], blockMode: "nxdomain" }],
    };
    expect((await api("PUT", "/api/sites/school-a/policy", { policy, reason: "students" }, HUB_ADMIN)).status).toBe(
      200,
    );
    const port = await freePort();
    server = await serveHub(hub.app.fetch, port);
    h = await startHarness({
      ...linkToHub(hub, `http://127.0.0.1:${port}`),
      identity: { radius: { listen: "127.0.0.1:0", clients: [{ address: "127.0.0.1", secret: SECRET }] } },
    });
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
    await server?.close();
    hub?.stores.close();
  });

  const signIn = (user: string, address: string) =>
    sendAccounting(h.agent.radiusPort as number, SECRET, [
      ["Acct-Status-Type", "Start"],
      ["User-Name", user],
      ["Framed-IP-Address", address],
      ["Acct-Session-Id", `session-${user}`],
    ]);
  const answer = async (from: string, name: string) => {
    const reply = await ask(h.dns, name, { from });
    return reply.rcode === 3 ? "refused" : (reply.answers[0]?.address ?? "no answer");
  };
  const sanctionsAtAgent = (): number => {
    const file = join(hub.work, "hub-policy.json");
    if (!existsSync(file)) return -1;
    const people = JSON.parse(readFileSync(file, "utf8")).policy.identity?.people ?? [];
    return people.filter((person: { sanction?: unknown }) => person.sanction).length;
  };

  it("refuses that person's look-ups and not their neighbour's, then lifts at its end", async () => {
    const cat = await api("POST", "/api/sites/school-a/people", { displayName: "Cat", username: "cat" }, DSL);
    await api("POST", "/api/sites/school-a/people", { displayName: "Neighbour", username: "nbr" }, DSL);
    expect((await signIn("cat", CAT)).verified).toBe(true);
    expect((await signIn("nbr", NEIGHBOUR)).verified).toBe(true);
    await until(() => sanctionsAtAgent() === 0, "the hub's policy at the agent");
    expect(await answer(CAT, "www.news.test")).toBe(RESOLVED);

    const endsAt = new Date(Date.now() + SANCTION_SECONDS * 1000).toISOString();
    const body = { reason: "misuse of the network", endsAt, allow: ["bbc.co.uk"] };
    const set = await api("POST", `/api/sites/school-a/people/${cat.body.id}/sanctions`, body, DSL);
    expect(set.status).toBe(201);
    await until(() => sanctionsAtAgent() === 1, "the sanction at the agent");

    expect(await answer(CAT, "www.news.test")).toBe("refused");
    expect(await answer(CAT, "www.bbc.co.uk")).toBe(RESOLVED);
    expect(await answer(NEIGHBOUR, "www.news.test")).toBe(RESOLVED);

    await until(() => Date.now() > Date.parse(endsAt) + 100, "the sanction's end");
    expect(await answer(CAT, "www.news.test")).toBe(RESOLVED);
    await hub.services.alertSweeper.sweep();
    const log = await hub.app.request("/api/sites/school-a/policy/changes", {
      headers: { authorization: `Bearer ${HUB_ADMIN}` },
    });
    const reasons = ((await log.json()) as { changes: { reason: string }[] }).changes.map((c) => c.reason);
    expect(reasons).toContain(`sanction #${set.body.id} for person #${cat.body.id} lifted (ended)`);
  }, 60_000);
});
