import { SYSTEM_ACTOR } from "@fenceline/hub/src/actions/access.ts";
import type { Role } from "@fenceline/hub/src/domain/roles.ts";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The annual review on record, over real HTTP on 127.0.0.1: who may do what, the lock, and the carried actions. */
const stores = openHubStores(":memory:");
const hub = createHub({ stores, log: pino({ level: "silent" }) });
hub.services.alerts.notify = () => {};
let server: ReturnType<typeof serve>;
let url = "";
const token = (role: Role, sites: string[] | null = null) => {
  const value = `fl_annual-review-${role}-${sites ? sites.join("-") : "all"}`;
  grantToken(stores, value, role, sites);
  return value;
};
const TOKENS = {
  dsl: token("dsl"),
  deputy: token("deputy-dsl"),
  board: token("board"),
  ict: token("ict-admin"),
  auditor: token("auditor"),
  staff: token("staff"),
  dslOfB: token("dsl", ["school-b"]),
};

async function call(path: string, who: string | null, method = "GET", body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (who) headers.authorization = `Bearer ${who}`;
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
const REVIEWS = "/api/sites/school-a/annual-reviews";

beforeAll(async () => {
  hub.actions.sites.create(SYSTEM_ACTOR, { id: "school-a", name: "Alpha Academy" });
  hub.actions.sites.create(SYSTEM_ACTOR, { id: "school-b", name: "Beta Primary" });
  server = await new Promise((resolve) => {
    const started = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  stores.close();
});

describe("the annual review on record, end to end", () => {
  it("a review is recorded, its report attached, both sign, it locks, and next year's pack lists its open actions", async () => {
    const created = await call(REVIEWS, TOKENS.dsl, "POST", {
      year: 2026,
      meetingOn: "2026-07-10",
      attendees: [
        { name: "Ms Head", role: "slt" },
        { name: "Mr Safe", role: "dsl" },
        { name: "Ms Net", role: "ict" },
        { name: "Dr Gov", role: "governor" },
      ],
      decisions: "Supply the IWF list before September.",
    });
    expect(created.status).toBe(201);
    const pack = await call("/api/reports", TOKENS.dsl, "POST", {
      kind: "annual-review",
      from: "2025-09-01",
      to: "2026-08-31",
      sites: ["school-a"],
    });
    expect(pack.status).toBe(201);
    const reportId = pack.json().id as number;
    const attached = await call(`${REVIEWS}/2026/report`, TOKENS.dsl, "PUT", { reportId });
    expect(attached.status).toBe(200);
    expect(attached.json()).toMatchObject({ reportId, reportSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const open = { what: "Supply the IWF list", owner: "Ms Net", dueOn: "2026-09-01" };
    expect((await call(`${REVIEWS}/2026/actions`, TOKENS.dsl, "POST", open)).status).toBe(201);
    const done = { what: "Re-train staff on reporting", owner: "Mr Safe", status: "done" };
    expect((await call(`${REVIEWS}/2026/actions`, TOKENS.deputy, "POST", done)).status).toBe(201);

    // A deputy cannot sign as the DSL, nor the DSL as the governor; a board member cannot edit.
    expect((await call(`${REVIEWS}/2026/sign-dsl`, TOKENS.deputy, "POST")).status).toBe(403);
    expect((await call(`${REVIEWS}/2026/sign-governor`, TOKENS.dsl, "POST")).status).toBe(403);
    expect((await call(`${REVIEWS}/2026`, TOKENS.board, "PUT", { decisions: "edited by the board" })).status).toBe(403);
    expect((await call(`${REVIEWS}/2026/actions`, TOKENS.board, "POST", open)).status).toBe(403);

    expect((await call(`${REVIEWS}/2026/sign-dsl`, TOKENS.dsl, "POST")).status).toBe(200);
    const signed = await call(`${REVIEWS}/2026/sign-governor`, TOKENS.board, "POST");
    expect(signed.status).toBe(200);
    expect(signed.json()).toMatchObject({
      locked: true,
      dslSignedAt: expect.any(String),
      governorSignedAt: expect.any(String),
    });

    // Locked: every edit is refused with 409, and a second signature too.
    expect((await call(`${REVIEWS}/2026`, TOKENS.dsl, "PUT", { decisions: "rewritten" })).status).toBe(409);
    expect((await call(`${REVIEWS}/2026/actions`, TOKENS.dsl, "POST", open)).status).toBe(409);
    const actionId = (signed.json().actions as { id: number }[])[0]?.id;
    const edit = await call(`${REVIEWS}/2026/actions/${actionId}`, TOKENS.dsl, "PUT", { ...open, status: "done" });
    expect(edit.status).toBe(409);
    expect((await call(`${REVIEWS}/2026/report`, TOKENS.dsl, "PUT", { reportId })).status).toBe(409);
    expect((await call(`${REVIEWS}/2026/sign-governor`, TOKENS.board, "POST")).status).toBe(409);
    expect((await call(`${REVIEWS}/2026`, TOKENS.board)).json()).toMatchObject({
      decisions: "Supply the IWF list before September.",
    });

    // Next year: the record carries the open action, and the pack prints it.
    const next = await call(REVIEWS, TOKENS.dsl, "POST", { year: 2027 });
    expect(next.status).toBe(201);
    expect(
      (next.json().actions as { what: string; carriedFrom: number }[]).map((a) => [a.what, a.carriedFrom]),
    ).toEqual([["Supply the IWF list", actionId]]);
    const nextPack = await call("/api/reports", TOKENS.board, "POST", {
      kind: "annual-review",
      from: "2026-09-01",
      to: "2027-08-31",
      sites: ["school-a"],
    });
    const html = await call(`/api/reports/${nextPack.json().id}/download?format=html`, TOKENS.board);
    expect(html.status).toBe(200);
    expect(html.text).toContain("Actions carried from last year");
    expect(html.text).toContain("Supply the IWF list");
    expect(html.text).not.toContain("Re-train staff on reporting");

    const audited = hub.services.audit.page(0, 100, "annual-review.").map((e) => e.action);
    for (const action of ["created", "report-attached", "action-added", "signed-dsl", "signed-governor"])
      expect(audited).toContain(`annual-review.${action}`);
  });
});

describe("the annual review on record: attacks over HTTP", () => {
  it("refuses an anonymous request with 401, on every route", async () => {
    for (const [path, method] of [
      [REVIEWS, "GET"],
      [REVIEWS, "POST"],
      [`${REVIEWS}/2026`, "GET"],
      [`${REVIEWS}/2026`, "PUT"],
      [`${REVIEWS}/2026/sign-dsl`, "POST"],
      [`${REVIEWS}/2026/sign-governor`, "POST"],
    ] as const)
      expect((await call(path, null, method, method === "GET" ? undefined : {})).status, `${method} ${path}`).toBe(401);
  });

  it("ICT, the auditor and staff cannot read a record (least privilege); nor can they create one", async () => {
    for (const who of [TOKENS.ict, TOKENS.auditor, TOKENS.staff]) {
      expect((await call(REVIEWS, who)).status).toBe(403);
      expect((await call(`${REVIEWS}/2026`, who)).status).toBe(403);
      expect((await call(REVIEWS, who, "POST", { year: 2030 })).status).toBe(403);
    }
  });

  it("a DSL of school-b is told school-a's records do not exist, and cannot make one there", async () => {
    const read = await call(`${REVIEWS}/2026`, TOKENS.dslOfB);
    expect(read.status).toBe(404);
    expect(read.text).not.toContain("Alpha Academy");
    expect((await call(REVIEWS, TOKENS.dslOfB, "POST", { year: 2031 })).status).toBe(404);
    expect((await call("/api/sites/school-b/annual-reviews", TOKENS.dslOfB, "POST", { year: 2031 })).status).toBe(201);
  });

  it("bad bodies get a clear 400, an unknown year 404, never a 500", async () => {
    for (const body of [
      { year: "2026" },
      { year: 2026, attendees: [{ name: "x", role: "king" }] },
      { year: 1, extra: 1 },
    ])
      expect((await call(REVIEWS, TOKENS.dsl, "POST", body)).status).toBe(400);
    expect((await call(`${REVIEWS}/1999`, TOKENS.dsl)).status).toBe(404);
    expect((await call(`${REVIEWS}/not-a-year`, TOKENS.dsl)).status).toBe(404);
    expect((await call(`${REVIEWS}/2027/report`, TOKENS.dsl, "PUT", { reportId: 999_999 })).status).toBe(400);
  });
});
