/// <reference lib="dom" />
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPORT_KINDS } from "@fenceline/hub/src/domain/report-document.ts";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { heartbeat, seedEvents } from "@fenceline/hub/src/testing/seed-activity.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, launchChromium } from "./support/chromium.ts";

const DSL = "fl_dsl-token-for-report-rendering";
const BOARD = "fl_board-token-for-report-rendering";
const KINDS = REPORT_KINDS;
let server: ReturnType<typeof serve>;
let url: string;
let browser: Browser;
const stores = openHubStores(":memory:");

beforeAll(async () => {
  const end = Date.now();
  let now = new Date(end - 8 * 86_400_000);
  const { app, services } = createHub({
    stores,
    log: pino({ level: "silent" }),
    now: () => now,
    // Heartbeats every 30 minutes in this data: only a longer silence is an outage.
    settings: { fleet: { offlineAfterSeconds: 2400, staleListsAfterDays: 7 } },
  });
  services.alerts.notify = () => {};
  services.enrolment.createSite("school-a", "Hillside School");
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const agent = { id: services.enrolment.enrol(token, "gateway-1").agentId, siteId: "school-a" };
  seedEvents(services, agent, { count: 1200, end, days: 7, seed: 5, clients: 25 }, (t) => {
    now = new Date(t);
  });
  for (let t = end - 7 * 86_400_000; t < end; t += 30 * 60_000) {
    now = new Date(t);
    services.fleet.heartbeat(
      { id: agent.id },
      heartbeat(new Date(t - 86_400_000).toISOString(), { resolved: 300, blocked: 20 }),
    );
  }
  now = new Date(end);
  grantToken(stores, DSL, "dsl");
  grantToken(stores, BOARD, "board");
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  stores.close();
});

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });

async function generate(kind: string, token = DSL): Promise<number> {
  const response = await api("/api/reports", token, { method: "POST", body: JSON.stringify({ kind }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

describe("reports as people see them, in headless Chromium", () => {
  it.each(KINDS)(
    "%s renders on A4 without cut-off tables, and prints to PDF",
    async (kind) => {
      const id = await generate(kind);
      const html = await (await api(`/api/reports/${id}/download?format=html`, DSL)).text();
      expect(html).toMatch(/<h1>/);
      writeFileSync(join(ARTEFACTS, `report-${kind}.html`), html);
      // A4 at 96 dpi: portrait 794 px wide; the incident log is printed landscape (1123 px).
      const width = kind === "incident-log" ? 1123 : 794;
      const page = await browser.newPage({ viewport: { width, height: 1123 } });
      await page.setContent(html, { waitUntil: "load" });
      await page.emulateMedia({ media: "print" });
      const overflow = await page.evaluate(() => {
        const wide = Array.from(document.querySelectorAll("table, svg, .figures")).filter(
          (el) => el.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 1,
        );
        return { page: document.documentElement.scrollWidth > window.innerWidth, elements: wide.length };
      });
      expect(overflow).toEqual({ page: false, elements: 0 });
      // The first pages are enough to look at; a long log would make a screenshot of metres.
      await page.screenshot({
        path: join(ARTEFACTS, `report-${kind}.png`),
        clip: { x: 0, y: 0, width, height: 3 * 1123 },
      });
      await page.close();

      const pdf = await api(`/api/reports/${id}/download?format=pdf`, DSL);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      writeFileSync(join(ARTEFACTS, `report-${kind}.pdf`), bytes);
    },
    120_000,
  );

  it("charts are drawn as SVG in the page, with no script", async () => {
    const id = await generate("weekly-ict");
    const html = await (await api(`/api/reports/${id}/download?format=html`, DSL)).text();
    expect(html).toMatch(/<svg[^>]+class="marks"/);
    expect(html).not.toMatch(/<script/i);
  });

  it("CSV downloads for spreadsheets; the board is refused the incident log", async () => {
    const id = await generate("incident-log");
    const csv = await api(`/api/reports/${id}/download?format=csv`, DSL);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const header = (await csv.text()).split("\r\n")[0];
    // The incident log's columns are the policies' form, in the site's labelled time.
    expect(header).toMatch(/^Date and time \(Europe\/London\),Incident,Site,Source,Kind,/);
    expect(header).toMatch(/,Review result,Reviewed by,Reviewed on,Sanctions,State,Signed off by,Signed off on$/);
    expect((await api(`/api/reports/${id}/download?format=csv`, BOARD)).status).toBe(404);
    const refused = await api("/api/reports", BOARD, {
      method: "POST",
      body: JSON.stringify({ kind: "incident-log" }),
    });
    expect(refused.status).toBe(403);
  });
});
