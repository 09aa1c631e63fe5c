import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHub, checkItem, checkResult } from "../testing/check-hub.ts";
import { grantToken } from "../testing/grant-token.ts";

const DSL = "fl_dsl-token-for-filter-check-routes-0123456";
const ICT = "fl_ict-token-for-filter-check-routes-0123456";
let fx: Awaited<ReturnType<typeof checkHub>>;
let url = "";
let close: () => void = () => {};

beforeAll(async () => {
  fx = await checkHub();
  grantToken(fx.stores, DSL, "dsl");
  grantToken(fx.stores, ICT, "ict-admin");
  await new Promise<void>((resolve) => {
    const server = serve({ fetch: fx.hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve());
    server.on("listening", () => {
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    close = () => server.close();
  });
});
afterAll(() => close());

const call = (path: string, token: string, method = "GET", body?: unknown) =>
  fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });

describe("the agents' check routes over HTTP", () => {
  it("an agent gets only its own open runs, oldest first, with its site's canaries", async () => {
    const dsl = { category: "child-abuse", name: "canary-one.test" };
    expect((await call("/api/sites/school-a/check-canaries", DSL, "POST", dsl)).status).toBe(201);
    const made = await call("/api/sites/school-a/checks", ICT, "POST");
    expect(made.status).toBe(201);
    const { runs: asked } = (await made.json()) as { runs: { id: string; agentId: string }[] };
    expect(asked.map((r) => r.agentId).sort()).toEqual([fx.a1.id, fx.a2.id].sort());
    const polled = (await (await call("/api/agents/checks", fx.a1.credential)).json()) as {
      runs: { id: string; canaries: unknown[] }[];
    };
    expect(polled.runs.map((r) => r.id)).toEqual(asked.filter((r) => r.agentId === fx.a1.id).map((r) => r.id));
    expect(polled.runs[0]?.canaries).toEqual([{ category: "child-abuse", name: "canary-one.test" }]);
    const other = (await (await call("/api/agents/checks", fx.b1.credential)).json()) as { runs: unknown[] };
    expect(other.runs).toEqual([]);
  });

  it("answers: 404 for another agent's run or none, 400 for garbage, 204 once, then 409; the lie is re-judged", async () => {
    const [mine] = fx.stores.filterChecks.open(fx.a1.id, 20);
    const path = `/api/agents/checks/${mine?.id}`;
    const lying = checkResult([checkItem({ outcome: "resolved", pass: true })]);
    const stranger = await call(path, fx.a2.credential, "POST", lying);
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).not.toContain(fx.a1.id);
    expect((await call(path, fx.b1.credential, "POST", lying)).status).toBe(404);
    expect((await call("/api/agents/checks/no-such-run-at-all", fx.a1.credential, "POST", lying)).status).toBe(404);
    expect((await call(path, fx.a1.credential, "POST", "{")).status).toBe(400);
    expect((await call(path, fx.a1.credential, "POST", { ...lying, items: "all fine" })).status).toBe(400);
    expect((await call(path, fx.a1.credential, "POST", lying)).status).toBe(204);
    expect((await call(path, fx.a1.credential, "POST", lying)).status).toBe(409);
    const run = (await (await call(`/api/sites/school-a/checks/${mine?.id}`, ICT)).json()) as Record<string, unknown>;
    expect(run).toMatchObject({ status: "failed", failedCount: 1, items: [{ pass: false, outcome: "resolved" }] });
  });

  it("refuses a result over its body limit before storing anything", async () => {
    const [mine] = fx.stores.filterChecks.open(fx.a2.id, 20);
    const huge = JSON.stringify({ ...checkResult([]), listsVersion: "x".repeat(3 * 1024 * 1024) });
    const response = await call(`/api/agents/checks/${mine?.id}`, fx.a2.credential, "POST", huge);
    expect(response.status).toBe(413);
    expect(fx.stores.filterChecks.get(mine?.id ?? "")?.status).toBe("requested");
  });

  it("a person's token does not open the agents' routes", async () => {
    expect((await call("/api/agents/checks", ICT)).status).toBe(401);
  });
});
