import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { TEST_PASSWORD } from "@fenceline/hub/src/testing/password-user.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiLogin } from "./support/signin-hub.ts";

// An incident's evidence over real HTTP to a hub on a real SQLite file: screenshots and documents
// attached (and what is refused, with nothing written), attachments downloaded only as downloads,
// and the evidence pack unzipped by `unzip` and checked by the real `sha256sum -c`.
const work = mkdtempSync(join(tmpdir(), "fenceline-evidence-"));
const state = join(work, "state");
mkdirSync(state, { recursive: true });
const attachmentsFolder = join(state, "attachments");
const stores = openHubStores(join(state, "hub.sqlite"));
const MAX_BYTES = 64 * 1024;
const T = {
  dsl: "fl_evidence-dsl-of-every-site",
  dslB: "fl_evidence-dsl-of-school-b",
  ict: "fl_evidence-ict-admin",
  board: "fl_evidence-board-member",
  auditor: "fl_evidence-auditor",
} as const;
let hub: Hub;
let server: ReturnType<typeof serve>;
let url: string;
let incidentId: number;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

/** A PNG as a screenshot starts (signature and header chunk), with a little picture data after it. */
const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d494844520000000100000001080600000026", "hex"),
  Buffer.from("a screenshot of the conversation"),
]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;

beforeAll(async () => {
  hub = createHub({ stores, log: pino({ level: "silent" }), settings: { attachments: { maxBytes: MAX_BYTES } } });
  hub.services.alerts.notify = () => {};
  const agents: Record<string, string> = {};
  for (const id of ["school-a", "school-b"]) {
    hub.services.enrolment.createSite(id, id);
    const { token } = hub.services.enrolment.issueEnrolmentToken(id);
    agents[id] = hub.services.enrolment.enrol(token, `gw-${id}`).credential;
  }
  grantToken(stores, T.dsl, "dsl");
  grantToken(stores, T.dslB, "dsl", ["school-b"]);
  grantToken(stores, T.ict, "ict-admin");
  grantToken(stores, T.board, "board");
  grantToken(stores, T.auditor, "auditor");
  const people = [
    ["dsl", "dsl", null],
    ["dsl-b", "dsl", ["school-b"]],
    ["ict", "ict-admin", null],
    ["board", "board", null],
  ] as const;
  for (const [name, role, sites] of people)
    await hub.services.users.create({
      email: `${name}@school.test`,
      name,
      role,
      sites: sites ? [...sites] : null,
      password: TEST_PASSWORD,
    });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  for (const [name] of people) {
    const { status, cookie, csrf } = await apiLogin(url, `${name}@school.test`, TEST_PASSWORD);
    expect(status).toBe(200);
    sessions[name] = { cookie: cookie as string, csrf: csrf as string };
  }

  // A look-up at school-a that raises an incident, and an earlier one of the same device for context.
  const now = Date.now();
  const events = [
    wireEvent({ time: now - 5 * 60_000, clientAddress: "10.1.0.7", categories: ["games"], name: "before.test" }),
    wireEvent({ time: now, clientAddress: "10.1.0.7", categories: ["extremism"], name: "flagged.test" }),
  ];
  const sent = await fetch(`${url}/api/agents/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${agents["school-a"]}`, "content-type": "application/json" },
    body: JSON.stringify({ schemaVersion: 1, events }),
  });
  expect(sent.status).toBe(200);
  const listed = (await (await api("/api/incidents", T.dsl)).json()) as { incidents: { id: number }[] };
  incidentId = listed.incidents[0]?.id as number;
  expect(incidentId).toBeGreaterThan(0);
}, 30_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await hub?.services.alerts.settle();
  stores.close();
});

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
const asSession = (path: string, who: string) =>
  fetch(`${url}${path}`, { headers: { cookie: sessions[who]?.cookie ?? "" }, redirect: "manual" });
const uploadApi = (name: string, bytes: Uint8Array, token: string = T.dsl) =>
  api(`/api/incidents/${incidentId}/attachments?name=${encodeURIComponent(name)}`, token, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new Uint8Array(bytes),
  });
/** The incident page's own upload form, as the browser sends it: multipart, with the session's CSRF token. */
const uploadPage = (name: string, bytes: Uint8Array, type: string) => {
  const form = new FormData();
  form.set("_csrf", sessions.dsl?.csrf ?? "");
  form.set("file", new File([new Uint8Array(bytes)], name, { type }));
  return fetch(`${url}/incidents/${incidentId}/attachments`, {
    method: "POST",
    headers: { cookie: sessions.dsl?.cookie ?? "" },
    body: form,
    redirect: "manual",
  });
};
const storedFiles = () => (existsSync(attachmentsFolder) ? readdirSync(attachmentsFolder).sort() : []);

describe("attaching files to an incident", () => {
  it("takes a screenshot from the page's form and a PDF over the API, each stored once by its SHA-256", async () => {
    const page = await uploadPage("chat.png", PNG, "image/png");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toContain(`/incidents/${incidentId}?done=Attached`);
    const pdf = await uploadApi("Letter from parent.pdf", PDF);
    expect(pdf.status).toBe(201);
    expect(await pdf.json()).toMatchObject({
      attachment: { sha256: sha(PDF), size: PDF.length, mediaType: "application/pdf", name: "Letter from parent.pdf" },
    });
    expect(storedFiles()).toEqual([sha(PNG), sha(PDF)].sort());
    expect(readFileSync(join(attachmentsFolder, sha(PNG)))).toEqual(PNG);
    const listed = (await (await api(`/api/incidents/${incidentId}/attachments`, T.dsl)).json()) as {
      attachments: { sha256: string }[];
    };
    expect(listed.attachments.map((a) => a.sha256).sort()).toEqual([sha(PNG), sha(PDF)].sort());
  });

  it("refuses an HTML file, however it is named, and one over the size limit, writing nothing", async () => {
    const before = storedFiles();
    const html = await uploadApi("screenshot.png", HTML);
    expect(html.status).toBe(415);
    expect(((await html.json()) as { error: { message: string } }).error.message).toMatch(/PNG.*plain text/);
    const htmlPage = await uploadPage("notes.txt", HTML, "text/plain");
    expect(htmlPage.status).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
    const oversize = await uploadApi("big.png", big);
    expect(oversize.status).toBe(413);
    const oversizePage = await uploadPage("big.png", big, "image/png");
    expect(oversizePage.status).toBe(413);
    expect(storedFiles()).toEqual(before);
  });
});

describe("downloading", () => {
  it("sends an attachment only as a download: attachment disposition, nosniff, a sandbox policy", async () => {
    for (const response of [
      await api(`/api/incidents/${incidentId}/attachments/${sha(PNG)}`, T.dsl),
      await asSession(`/incidents/${incidentId}/attachments/${sha(PNG)}`, "dsl"),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="chat.png"');
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toMatch(/(^|;\s*)sandbox(;|$)/);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    }
  });

  // Unpacked by Debian's unzip, as the police or the LADO would (scripts/ensure-test-packages.sh installs it).
  it.skipIf(!hasUnzip)(
    "gives a pack whose SHA256SUMS `sha256sum -c` accepts, and rejects once a file is changed",
    async () => {
      const response = await asSession(`/incidents/${incidentId}/evidence-pack`, "dsl");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/zip");
      const disposition = response.headers.get("content-disposition") ?? "";
      expect(disposition).toMatch(
        new RegExp(`^attachment; filename="incident-${incidentId}-evidence-\\d{8}T\\d{6}Z\\.zip"$`),
      );
      const folder = mkdtempSync(join(work, "pack-"));
      writeFileSync(join(folder, "pack.zip"), Buffer.from(await response.arrayBuffer()));
      const unpacked = join(folder, "unpacked");
      execFileSync("unzip", ["-q", join(folder, "pack.zip"), "-d", unpacked]);
      const pngName = `attachments/${sha(PNG)}-chat.png`;
      expect(readFileSync(join(unpacked, pngName))).toEqual(PNG);
      expect(readdirSync(join(unpacked, "attachments")).sort()).toEqual(
        [`${sha(PNG)}-chat.png`, `${sha(PDF)}-Letter from parent.pdf`].sort(),
      );

      const checked = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: unpacked, encoding: "utf8" });
      expect(checked.status).toBe(0);
      const lines = checked.stdout.trim().split("\n");
      // Every file but SHA256SUMS itself: the record's six files and the two attachments.
      expect(lines).toHaveLength(8);
      expect(lines.every((line) => line.endsWith(": OK"))).toBe(true);
      expect(lines).toContain(`${pngName}: OK`);
      expect(readFileSync(join(unpacked, "events.csv"), "utf8")).toContain("flagged.test");
      expect(readFileSync(join(unpacked, "README.txt"), "utf8")).toContain("sha256sum -c SHA256SUMS");

      // The pack's manifest hash is in the audit log, as the auditor reads it.
      const manifestSha256 = sha(readFileSync(join(unpacked, "SHA256SUMS")));
      const audit = (await (await api("/api/audit?action=incident.evidence-pack", T.auditor)).json()) as {
        entries: { target: string; detail: Record<string, unknown> }[];
      };
      expect(audit.entries.at(-1)).toMatchObject({
        target: `incident ${incidentId}`,
        detail: { manifestSha256, files: 9 },
      });

      appendFileSync(join(unpacked, pngName), "changed after the pack was made");
      const tampered = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: unpacked, encoding: "utf8" });
      expect(tampered.status).not.toBe(0);
      expect(tampered.stdout).toContain(`${pngName}: FAILED`);
    },
  );

  it("the API's pack names its manifest hash, the one the audit log records", async () => {
    const response = await api(`/api/incidents/${incidentId}/evidence-pack`, T.dsl);
    expect(response.status).toBe(200);
    const manifest = response.headers.get("x-manifest-sha256");
    expect(manifest).toMatch(/^[0-9a-f]{64}$/);
    await response.arrayBuffer();
    const audit = (await (await api("/api/audit?action=incident.evidence-pack", T.auditor)).json()) as {
      entries: { detail: { manifestSha256: string } }[];
    };
    expect(audit.entries.at(-1)?.detail.manifestSha256).toBe(manifest);
  });
});

describe("who may not have the evidence", () => {
  const paths = () => [`/incidents/${incidentId}/attachments/${sha(PNG)}`, `/incidents/${incidentId}/evidence-pack`];
  const packsMade = () => hub.services.audit.page(0, 1000, "incident.evidence-pack").length;

  it.each([
    ["an ICT admin", T.ict, 403],
    ["a board member", T.board, 403],
    ["a DSL of another site", T.dslB, 404],
  ])("%s gets neither an attachment nor the pack over the API", async (_who, token, status) => {
    const before = packsMade();
    for (const path of paths()) {
      const response = await api(`/api${path}`, token);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-disposition")).toBeNull();
      expect(await response.text()).not.toContain("screenshot of the conversation");
    }
    expect(packsMade()).toBe(before);
  });

  it.each([
    ["an ICT admin", "ict", 403],
    ["a board member", "board", 403],
    ["a DSL of another site", "dsl-b", 404],
  ])("%s gets neither from the dashboard", async (_who, session, status) => {
    for (const path of paths()) {
      const response = await asSession(path, session);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-disposition")).toBeNull();
    }
  });

  it("a DSL of another site cannot attach to the incident either", async () => {
    const before = storedFiles();
    const response = await uploadApi("x.pdf", Buffer.concat([PDF, Buffer.from("another")]), T.dslB);
    expect(response.status).toBe(404);
    expect(storedFiles()).toEqual(before);
  });
});
