import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub } from "@fenceline/hub/src/hub-app.ts";
import { INCIDENT_LOG_COLUMNS } from "@fenceline/hub/src/reports/incident-log-fields.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiLogin, sessionHeaders } from "./support/signin-hub.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

// The DSL's safeguarding process for a concern about a member of staff, whole, over real HTTP to a
// hub on a real SQLite file sending its alerts to a real SMTP server: reported by a member of staff,
// seen only by the people on its route, referred to the LADO, held in awaiting-authorities until
// the LADO's outcome is recorded, reviewed and signed off; then its evidence pack checked by the
// real `sha256sum -c`, and its line in the incident log CSV read column by column.
const PASSWORD = "a long test password";
const SITE = "school-a";
const work = mkdtempSync(join(tmpdir(), "fenceline-process-"));
const stores = openHubStores(join(work, "hub.sqlite"));
const smtp = new SmtpSink();
const PEOPLE = {
  staff: ["teacher@hillside.test", "staff"],
  dsl: ["dsl@hillside.test", "dsl"],
  // The head teacher holds a deputy's account and is on the route by name; the other deputy is not.
  head: ["head@hillside.test", "deputy-dsl"],
  deputy: ["deputy@hillside.test", "deputy-dsl"],
} as const;
type Who = keyof typeof PEOPLE;
type Session = { cookie: string | null; csrf: string | null };
const sessions = {} as Record<Who, Session>;
let hub: Hub;
let server: ReturnType<typeof serve>;
let url: string;

/** A PNG as a screenshot starts (signature and header chunk), with a little picture data after it. */
const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d494844520000000100000001080600000026", "hex"),
  Buffer.from("a screenshot of the messages"),
]);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const CONCERN = {
  siteId: SITE,
  kind: "staff-concern",
  concerns: { subject: "person", description: "A supply teacher in the science department" },
  reportedBy: "Mrs Class Teacher",
  occurredAt: minutesAgo(90),
  whatHappened: "Messaged a Year 10 pupil from a personal social media account",
  immediateRisk: "no",
};
const REFERENCE = "LADO-2026-0142";
const OUTCOME = "LADO threshold not met: the school to address it under its staff code of conduct";
const REVIEW = { result: "Staff code of conduct reissued to all supply staff", sanctions: "Written warning" };

beforeAll(async () => {
  await smtp.start();
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: { smtp: smtp.settings("fenceline@hub.test"), publicUrl: "https://hub.school.test" },
  });
  hub.services.enrolment.createSite(SITE, "Hillside School");
  for (const [email, role] of Object.values(PEOPLE))
    await hub.services.users.create({ email, name: email, role, sites: null, password: PASSWORD });
  // Concerns about staff go to the DSL first, then the head teacher: not to the DSL pool's deputies.
  hub.services.alerts.setSettings(SITE, {
    routes: [
      {
        name: "Concerns about staff",
        kinds: ["staff-concern"],
        recipients: [{ user: PEOPLE.dsl[0] }, { user: PEOPLE.head[0] }],
      },
    ],
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  for (const who of Object.keys(PEOPLE) as Who[]) {
    const signedIn = await apiLogin(url, PEOPLE[who][0], PASSWORD);
    expect(signedIn.status).toBe(200);
    sessions[who] = signedIn;
  }
}, 30_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await hub?.services.alerts.settle();
  await smtp.stop();
  stores.close();
});

const get = (path: string, who: Who) => fetch(`${url}${path}`, { headers: { cookie: sessions[who].cookie ?? "" } });
const post = (path: string, who: Who, body: unknown) =>
  fetch(`${url}${path}`, { method: "POST", headers: sessionHeaders(sessions[who]), body: JSON.stringify(body) });

interface IncidentView {
  incident: { id: number; state: string; severity: string; source: string; kind: string };
  record: { signedOff: { by: string; at: string } | null };
  entries: { seq: number; kind: string; by: string; body: Record<string, unknown> }[];
  allowedTransitions: string[];
  flow: { offers: string[]; closingNeeds: string[]; awaitingReferral: number | null; rules: string[] };
}
const view = async (who: Who = "dsl") => {
  const response = await get(`/api/incidents/${incidentId}`, who);
  expect(response.status).toBe(200);
  return (await response.json()) as IncidentView;
};
const queueIds = async (who: Who) => {
  const response = await get("/api/incidents", who);
  expect(response.status).toBe(200);
  return ((await response.json()) as { incidents: { id: number }[] }).incidents.map((i) => i.id);
};
/** Adds an entry as `who`; returns the response's status and body. */
const entry = async (body: Record<string, unknown>, who: Who = "dsl") => {
  const response = await post(`/api/incidents/${incidentId}/entries`, who, body);
  return {
    status: response.status,
    body: (await response.json()) as { seq: number; state: string; error?: { code: string; message: string } },
  };
};
/** A refused entry: its status and message, and the record unchanged after it. */
const refused = async (body: Record<string, unknown>, status: number, message: RegExp, who: Who = "dsl") => {
  const before = await view();
  const result = await entry(body, who);
  expect(result.status).toBe(status);
  expect(result.body.error?.message).toMatch(message);
  const after = await view();
  expect(after.incident.state).toBe(before.incident.state);
  expect(after.entries.map((e) => e.seq)).toEqual(before.entries.map((e) => e.seq));
};

/** Attaches `bytes` as screenshot.png, as the DSL, over the API. */
const upload = (bytes: Uint8Array) =>
  fetch(`${url}/api/incidents/${incidentId}/attachments?name=screenshot.png`, {
    method: "POST",
    headers: { ...sessionHeaders(sessions.dsl), "content-type": "application/octet-stream" },
    body: new Uint8Array(bytes),
  });

/** RFC 4180 CSV as the hub writes it: quoted cells, doubled quotes, CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== "," && ch !== "\n" && ch !== "\r")) cell += ch;
    else if (ch === ",") endCell();
    else if (ch === "\n") {
      endCell();
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

let incidentId: number;
let referralSeq: number;

describe("a concern about a member of staff, from report to sign-off, evidence pack and incident log", () => {
  it("a staff user reports it; only its route (the DSL and the head) sees it; the reporter sees only their report", async () => {
    const response = await post("/api/incidents", "staff", CONCERN);
    expect(response.status).toBe(201);
    const opened = (await response.json()) as { id: number; severity: string; state: string };
    expect(opened).toMatchObject({ severity: "high", state: "new" });
    incidentId = opened.id;

    // The deputy off the route: no such incident, and none in the queue.
    const hidden = await get(`/api/incidents/${incidentId}`, "deputy");
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("supply teacher");
    expect(await queueIds("deputy")).not.toContain(incidentId);
    // The DSL and the head, named on the route, find it.
    for (const who of ["dsl", "head"] as const) {
      expect(await queueIds(who)).toContain(incidentId);
      expect((await view(who)).incident).toMatchObject({ id: incidentId, kind: "staff-concern", source: "report" });
    }
    // The reporter: their report and its state, not the record.
    const mine = (await (await get("/api/my-reports", "staff")).json()) as { reports: unknown[] };
    expect(mine.reports).toEqual([expect.objectContaining({ id: incidentId, kind: "staff-concern", state: "new" })]);
    const refusedToStaff = await get(`/api/incidents/${incidentId}`, "staff");
    expect(refusedToStaff.status).toBe(403);
    expect(await refusedToStaff.text()).not.toContain("supply teacher");

    // High: the first person on the route is emailed at once, without what was reported.
    const alertOf = () => smtp.messages.find((m) => m.subject.includes(`#${incidentId} `));
    for (const started = Date.now(); !alertOf() && Date.now() - started < 10_000; )
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alertOf()?.to).toEqual([PEOPLE.dsl[0]]);
    for (const secret of ["supply teacher", "Mrs Class Teacher", "Year 10 pupil"])
      expect(alertOf()?.raw).not.toContain(secret);
  });

  it("the DSL triages it and refers it to the LADO; it waits in awaiting-authorities and cannot be closed", async () => {
    expect((await entry({ kind: "transition", to: "triaged", note: "Read; a matter for the LADO" })).status).toBe(201);
    const triaged = await view();
    expect(triaged.incident.state).toBe("triaged");
    expect(triaged.flow.offers).toContain("lado");
    expect(triaged.flow.rules).toContain("concern about a member of staff");
    // The screenshot of the messages, secured as evidence while the incident is open.
    const attached = await upload(PNG);
    expect(attached.status).toBe(201);
    expect(await attached.json()).toMatchObject({
      attachment: { sha256: sha(PNG), mediaType: "image/png", name: "screenshot.png" },
    });

    const referral = await entry({
      kind: "referral",
      agency: "lado",
      at: minutesAgo(30),
      reference: REFERENCE,
      contact: "Local Authority Designated Officer, duty line",
    });
    expect(referral.status).toBe(201);
    expect(referral.body.state).toBe("awaiting-authorities");
    referralSeq = referral.body.seq;
    const waiting = await view();
    expect(waiting.incident.state).toBe("awaiting-authorities");
    expect(waiting.flow.awaitingReferral).toBe(referralSeq);
    expect(waiting.allowedTransitions).not.toContain("closed");

    // Closing now, moving on without saying why, and the head (a deputy's account) moving on: all refused.
    await refused(
      { kind: "transition", to: "closed", note: "done" },
      409,
      /"awaiting-authorities" cannot move to "closed"/,
    );
    await refused({ kind: "transition", to: "review" }, 400, /outcome of the referral to lado .* needs a note/);
    await refused(
      { kind: "transition", to: "review", note: "moving on" },
      403,
      /waiting for the outcome of the referral to lado/,
      "head",
    );
  });

  it("the LADO's outcome moves it on; with an action, parents informed, a review and the DSL's sign-off it is closed", async () => {
    const outcome = await entry({ kind: "referral-outcome", ofSeq: referralSeq, outcome: OUTCOME, at: minutesAgo(10) });
    expect(outcome.status).toBe(201);
    expect(outcome.body.state).toBe("actions");
    expect((await view()).flow.awaitingReferral).toBeNull();

    const today = new Date().toISOString().slice(0, 10);
    for (const body of [
      { kind: "action", action: "sanction", date: today, detail: "Supply agency told; the teacher's placement ended" },
      { kind: "parents-informed", status: "yes", at: minutesAgo(5) },
      { kind: "transition", to: "review" },
    ])
      expect((await entry(body)).status).toBe(201);
    expect((await view()).flow.closingNeeds).toEqual(["a review result and sanctions"]);
    await refused({ kind: "transition", to: "closed" }, 409, /closing an incident needs a review result and sanctions/);

    expect((await entry({ kind: "review", ...REVIEW })).status).toBe(201);
    // Sign-off is the DSL's: the head, on a deputy's account, may not close it.
    await refused({ kind: "transition", to: "closed" }, 403, /DSL's sign-off/, "head");
    const closing = await entry({ kind: "transition", to: "closed", note: "Signed off" });
    expect(closing.status).toBe(201);
    expect(closing.body.state).toBe("closed");
    const closed = await view();
    expect(closed.incident.state).toBe("closed");
    expect(closed.flow.closingNeeds).toEqual([]);
    expect(closed.record.signedOff?.by).toMatch(new RegExp(`^${PEOPLE.dsl[0]} `));
    const mine = (await (await get("/api/my-reports", "staff")).json()) as { reports: unknown[] };
    expect(mine.reports).toEqual([expect.objectContaining({ id: incidentId, state: "closed" })]);
  });

  // Unpacked by Debian's unzip, as the LADO would (scripts/ensure-test-packages.sh installs it).
  it.skipIf(!hasUnzip)(
    "the closed record takes no more files; its evidence pack holds the screenshot and the LADO referral with its outcome, and `sha256sum -c` accepts it",
    async () => {
      // The record is sealed once signed off: a file comes too late, and nothing is added.
      const late = await upload(Buffer.concat([PNG, Buffer.from(" taken later")]));
      expect(late.status).toBe(409);
      expect(((await late.json()) as { error: { message: string } }).error.message).toBe(
        "the incident is closed; reopen it before attaching a file",
      );

      const pack = await get(`/api/incidents/${incidentId}/evidence-pack`, "dsl");
      expect(pack.status).toBe(200);
      expect(pack.headers.get("content-type")).toBe("application/zip");
      const folder = mkdtempSync(join(work, "pack-"));
      writeFileSync(join(folder, "pack.zip"), Buffer.from(await pack.arrayBuffer()));
      const unpacked = join(folder, "unpacked");
      execFileSync("unzip", ["-q", join(folder, "pack.zip"), "-d", unpacked]);
      expect(readFileSync(join(unpacked, "attachments", `${sha(PNG)}-screenshot.png`))).toEqual(PNG);

      const checked = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: unpacked, encoding: "utf8" });
      expect(checked.status).toBe(0);
      const lines = checked.stdout.trim().split("\n");
      expect(lines).toContain(`attachments/${sha(PNG)}-screenshot.png: OK`);
      expect(lines).toContain("referrals.csv: OK");
      expect(lines.every((line) => line.endsWith(": OK"))).toBe(true);

      const [header, ...referrals] = parseCsv(readFileSync(join(unpacked, "referrals.csv"), "utf8"));
      expect(referrals).toHaveLength(1);
      const referral = Object.fromEntries((header ?? []).map((name, i) => [name, referrals[0]?.[i]]));
      expect(referral).toMatchObject({ Agency: "lado", Reference: REFERENCE, Outcome: OUTCOME });
      const record = readFileSync(join(unpacked, "record.csv"), "utf8");
      expect(record).toContain("referral-outcome");
      expect(record).toContain(REFERENCE);
    },
  );

  it("the incident log CSV, as the DSL on the route generates it, has every column and this incident's line", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const generated = await post("/api/reports", "dsl", {
      kind: "incident-log",
      from: day(-1),
      to: day(1),
      sites: [SITE],
    });
    expect(generated.status).toBe(201);
    const { id } = (await generated.json()) as { id: number };
    const download = await get(`/api/reports/${id}/download?format=csv`, "dsl");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header = [], ...rows] = parseCsv(await download.text());

    // Every column of the form, in order (the date column's header names the site's zone), and the site.
    const labels = INCIDENT_LOG_COLUMNS.map(([, label]) => label as string);
    expect(header.filter((name) => name !== "Site").map((name) => name.replace(/ \([^)]*\)$/, ""))).toEqual(labels);
    expect(header[0]).toMatch(/^Date and time \(Europe\/London\)$/);

    const line = rows.find((row) => row[header.indexOf("Incident")] === String(incidentId));
    expect(line).toBeDefined();
    const cell = (label: string) => line?.[header.indexOf(label)];
    expect(cell("Site")).toBe("Hillside School");
    expect(cell("Source")).toBe("reported");
    expect(cell("Kind")).toBe("Concern about a member of staff");
    expect(cell("Who was involved")).toBe("person: A supply teacher in the science department");
    expect(cell("Reported by")).toBe("Mrs Class Teacher");
    expect(cell("Reported to")).toBe("the DSL");
    expect(cell("What happened")).toBe(CONCERN.whatHappened);
    expect(cell("Severity")).toBe("high");
    expect(cell("Action taken")).toMatch(/^Sanction on \d{4}-\d{2}-\d{2}: Supply agency told/);
    expect(cell("Action taken")).toMatch(
      new RegExp(
        `Referred to LADO on [^;]+ \\(ref ${REFERENCE}, Local Authority Designated Officer, duty line\\); outcome: ${OUTCOME} \\(`,
      ),
    );
    expect(cell("Parents / carers informed")).toMatch(/^yes, \d{4}-\d{2}-\d{2} \d{2}:\d{2} (GMT|BST)$/);
    expect(cell("Review result")).toBe(REVIEW.result);
    expect(cell("Sanctions")).toBe(REVIEW.sanctions);
    expect(cell("Reviewed by")).toMatch(new RegExp(`^${PEOPLE.dsl[0]} `));
    expect(cell("State")).toBe("closed");
    expect(cell("Signed off by")).toMatch(new RegExp(`^${PEOPLE.dsl[0]} `));
    expect(cell("Signed off on")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} (GMT|BST)$/);
    // Every column of the form is filled for this concern but the filter's category.
    expect(header.filter((_name, i) => (line?.[i] ?? "") === "")).toEqual(["Category"]);
  });

  it("nobody off the route was ever emailed about it", async () => {
    await hub.services.alerts.settle();
    const ofThis = smtp.messages.filter((m) => m.subject.includes(`#${incidentId} `));
    expect(ofThis.length).toBeGreaterThan(0);
    expect(ofThis.flatMap((m) => m.to)).not.toContain(PEOPLE.deputy[0]);
  });
});
