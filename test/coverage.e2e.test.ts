import { addPasswordUser, TEST_PASSWORD } from "@fenceline/hub/src/testing/password-user.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

/** The four categories only licensed or specialist feeds fill, with the manifest's source for each. */
const FEEDS = [
  { category: "Child sexual abuse material", source: "iwf-url-list", entries: 3 },
  { category: "Terrorist content", source: "ctiru-list", entries: 2 },
  { category: "Self-harm, suicide and eating disorders", source: "self-harm-feed", entries: 5 },
  { category: "Extremism and radicalisation", source: "extremism-feed", entries: 4 },
];
/** Names a site's own locked lists would hold: none may ever be printed. */
const LISTED = ["locked-canary-1.test", "locked-canary-2.test"];

let hub: Awaited<ReturnType<typeof hubWithAgent>>;
let server: { close: () => Promise<void> };
let url = "";
let cookie = "";
let boardCookie = "";
const admin = { authorization: `Bearer ${HUB_ADMIN}`, "content-type": "application/json" };

async function heartbeat(lists: { id: string; version: string; entries: number }[]) {
  const response = await fetch(`${url}/api/agents/heartbeat`, {
    method: "POST",
    headers: { authorization: `Bearer ${hub.credential}`, "content-type": "application/json" },
    body: JSON.stringify({
      schemaVersion: 2,
      agentVersion: "0.1.0",
      uptimeSeconds: 60,
      queries: { resolved: 1 },
      outbox: { depth: 0, dropped: 0 },
      upstreams: [{ url: "udp://192.0.2.1:53", healthy: true, lastError: null }],
      lists: { version: "v1", builtAt: new Date(Date.now() - 86_400_000).toISOString(), lists },
    }),
  });
  expect(response.status).toBeLessThan(300);
}

/** A report of `kind` generated and downloaded as HTML over HTTP, as its text. */
async function report(kind: string): Promise<string> {
  const made = await fetch(`${url}/api/reports`, { method: "POST", headers: admin, body: JSON.stringify({ kind }) });
  expect(made.status).toBe(201);
  const { id } = (await made.json()) as { id: number };
  const page = await fetch(`${url}/api/reports/${id}/download?format=html`, { headers: admin });
  expect(page.status).toBe(200);
  return text(await page.text());
}

const overview = async (as = cookie) => text(await (await fetch(`${url}/`, { headers: { cookie: as } })).text());
/** The words a reader sees: tags dropped, entities of the characters used here decoded. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]*>/g, " ")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

beforeAll(async () => {
  hub = await hubWithAgent();
  const port = await freePort();
  server = await serveHub(hub.app.fetch, port);
  url = `http://127.0.0.1:${port}`;
  const email = await addPasswordUser(hub.services, "ict-admin");
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const board = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: await addPasswordUser(hub.services, "board"), password: TEST_PASSWORD }),
  });
  expect(board.status).toBe(200);
  boardCookie = (board.headers.get("set-cookie") ?? "").split(";")[0] as string;
});

afterAll(async () => {
  await server?.close();
  hub?.stores.close();
});

describe("coverage as measured fact, in the overview and the reports", () => {
  it("with no licensed feed configured (the default), warns on the overview and says NOT COVERED in the board report", async () => {
    await heartbeat([{ id: "ut1-adult", version: "v1", entries: 1000 }]);
    const page = await overview();
    expect(page).toContain("Warning: these categories have no working list");
    // The board, answerable for the gaps, is warned too (without the link to ICT's coverage page).
    const boardPage = await overview(boardCookie);
    expect(boardPage).toContain("Child sexual abuse material: NOT COVERED — no list configured");
    expect(page).toContain("Coverage at school-a");
    expect(boardPage).not.toContain("Coverage at school-a");
    const board = await report("board-quarterly");
    expect(board).not.toContain("Illegal-content categories stayed blocked for everyone");
    for (const { category } of FEEDS) {
      expect(page).toContain(`${category}: NOT COVERED — no list configured`);
      expect(board).toContain(`${category}: NOT COVERED — no list configured`);
    }
    expect(board).toContain(
      "Terrorist content: NOT COVERED — no list configured (licensed feed to supply: ctiru-list)",
    );
    // A list loaded with entries is covered; one with a url but not reported loaded is not.
    expect(board).toMatch(/Pornography: covered — 1,000 entries \(ut1-adult, 1 day old\)/);
    expect(board).toContain("Gambling: NOT COVERED — configured but not loaded");
  });

  it("with a small local list for each, loaded with entries, says covered with the entry counts", async () => {
    const policy = {
      defaultGroup: "students",
      groups: [{ id: "students", kind: "student" }],
      sources: {
        add: FEEDS.map(({ source }) => ({
          id: source,
          kind: "block",
          category: { "iwf-url-list": "child-abuse", "ctiru-list": "terrorism" }[source] ?? source.replace("-feed", ""),
          description: "the site's own copy",
          format: "domains",
          licence: "site licence",
          cadence: "daily",
          mirror: `licensed/${source}.txt`,
        })),
      },
    };
    const put = await fetch(`${url}/api/sites/school-a/policy`, {
      method: "PUT",
      headers: admin,
      body: JSON.stringify({ policy, reason: "licensed feeds supplied" }),
    });
    expect(put.status).toBe(200);
    // Configured, but no agent has said it loaded them yet.
    expect(await overview()).toContain("Child sexual abuse material: NOT COVERED — configured but not loaded");

    await heartbeat(FEEDS.map(({ source, entries }) => ({ id: source, version: "2026-12-01", entries })));
    const page = await overview();
    const board = await report("board-quarterly");
    const weekly = await report("weekly-ict");
    const annual = await report("annual-review");
    for (const { category, source, entries } of FEEDS) {
      expect(page).not.toContain(`${category}: NOT COVERED`);
      const covered = `${category}: covered — ${entries} entries (${source}, 1 day old)`;
      expect(board).toContain(covered);
      expect(weekly).toContain(covered);
      expect(annual).toContain(`covered — ${entries} entries (${source}`);
    }
    for (const output of [page, board, weekly, annual]) for (const name of LISTED) expect(output).not.toContain(name);

    const sitePage = await fetch(`${url}/sites/school-a/coverage`, { headers: { cookie } });
    expect(sitePage.status).toBe(200);
    const siteText = text(await sitePage.text());
    expect(siteText).toContain("Child sexual abuse material (headline) covered — 3 entries (iwf-url-list, 1 day old)");
    expect(siteText).toContain("iwf-url-list: loaded (3)");
    expect(siteText).toMatch(/Online games (covered|NOT COVERED)/);
    expect(siteText).toContain("students: block");

    const api = await fetch(`${url}/api/sites/school-a/coverage`, { headers: admin });
    expect(api.status).toBe(200);
    const body = (await api.json()) as {
      categories: { category: { id: string }; covered: boolean; entries: number }[];
    };
    expect(body.categories.find((c) => c.category.id === "child-abuse")).toMatchObject({ covered: true, entries: 3 });
  });

  it("an empty list is loaded but empty, not covered", async () => {
    await heartbeat(
      FEEDS.map(({ source }) => ({ id: source, version: "2026-12-02", entries: source === "ctiru-list" ? 0 : 1 })),
    );
    expect(await report("board-quarterly")).toContain("Terrorist content: NOT COVERED — loaded but empty");
  });
});
