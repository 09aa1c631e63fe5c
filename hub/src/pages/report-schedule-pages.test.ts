import { describe, expect, it } from "vitest";
import { addPasswordUser, TEST_PASSWORD } from "../testing/password-user.ts";
import { twoZoneHub } from "../testing/two-zone-hub.ts";

/** School-a in London, school-b in Berlin, given their default schedules by the backfill; an ICT administrator signed in. */
async function hubWithDefaults() {
  const hub = twoZoneHub();
  const added = hub.actions.reportSchedules.backfillDefaults();
  const email = await addPasswordUser(hub.services, "ict-admin");
  const login = await hub.app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
  const { csrf } = (await login.json()) as { csrf: string };
  const get = (path: string) => hub.app.request(path, { headers: { cookie } });
  const post = (path: string, form: Record<string, string>) =>
    hub.app.request(path, { method: "POST", headers: { cookie }, body: new URLSearchParams({ ...form, _csrf: csrf }) });
  return { hub, added, get, post };
}

describe("default report schedules, backfilled at start", () => {
  it("each existing site gets the four, once, audited; a stopped one is not brought back", async () => {
    const { hub, added } = await hubWithDefaults();
    expect(added.map((s) => `${s.sites[0]} ${s.kind}`)).toEqual([
      "school-a weekly-ict",
      "school-a dsl-digest",
      "school-a termly-incidents",
      "school-a board-quarterly",
      "school-b weekly-ict",
      "school-b dsl-digest",
      "school-b termly-incidents",
      "school-b board-quarterly",
    ]);
    const audited = hub.services.audit.page(0, 100, "report.schedule-defaults-added");
    expect(audited.map((e) => e.target)).toEqual(["school-a", "school-b"]);
    const [first] = added;
    hub.actions.reportSchedules.remove(
      { userId: "u", email: "ict@x", role: "ict-admin", sites: null },
      { id: first?.id ?? 0 },
    );
    expect(hub.actions.reportSchedules.backfillDefaults()).toEqual([]);
    expect(
      hub.actions.reportSchedules.list({ userId: "u", email: "ict@x", role: "ict-admin", sites: null }),
    ).toHaveLength(7);
  });
});

describe("the schedule form: days, a time in the site's zone, named roles", () => {
  it("shows a Berlin site's weekly report in words, in Berlin time, and saves new days, time and roles", async () => {
    const { hub, added, get, post } = await hubWithDefaults();
    const weekly = added.find((s) => s.sites[0] === "school-b" && s.kind === "weekly-ict");
    const path = `/report-schedules/${weekly?.id}`;
    const page = await (await get(path)).text();
    expect(page).toContain("every Monday at 07:00");
    expect(page).toContain("Time of day (Europe/Berlin)");
    expect(page).toMatch(/Next run: <strong id="next-run">\d{4}-\d{2}-\d{2} 07:00 CES?T<\/strong>/);
    expect(page).toContain('name="day.1" value="yes" checked');
    expect(page).toContain("Governors (board)");
    expect(page).toMatch(/<input id="cron" readonly value="0 7 \* \* 1">/);
    const saved = await post(path, {
      time: "08:15",
      "day.2": "yes",
      "day.4": "yes",
      "role.ict-admin": "yes",
      "role.board": "yes",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(/done=Saved/);
    const after = hub.actions.reportSchedules.timing({ ...weekly, cron: "15 8 * * 2,4", sites: ["school-b"] } as never);
    expect(after.zone).toBe("Europe/Berlin");
    const stored = hub.services.stores.reports.schedules().find((s) => s.id === weekly?.id);
    expect(stored?.cron).toBe("15 8 * * 2,4");
    expect(stored?.roles).toEqual(["ict-admin", "board"]);
    expect(await (await get(path)).text()).toContain("every Tuesday and Thursday at 08:15");
    const changes = hub.services.audit.page(0, 100, "report.schedule-changed");
    expect(JSON.stringify(changes)).toContain("15 8 * * 2,4");
  });

  it("the board's quarterly keeps its dates when its time changes; no role or a role that may not read it is refused", async () => {
    const { hub, added, get, post } = await hubWithDefaults();
    const board = added.find((s) => s.sites[0] === "school-a" && s.kind === "board-quarterly");
    const path = `/report-schedules/${board?.id}`;
    expect(await (await get(path)).text()).toContain("first Monday of Jan, Apr, Jul, Oct at 08:00");
    await post(path, { time: "09:00", "role.board": "yes" });
    const stored = () => hub.services.stores.reports.schedules().find((s) => s.id === board?.id);
    expect(stored()?.cron).toBe("0 9 * 1,4,7,10 1#1");
    const none = await post(path, { time: "10:00" });
    const refusal = new URL(none.headers.get("location") ?? "", "http://hub").searchParams.get("error");
    expect(refusal).toMatch(/choose at least one role/);
    const error = async (response: Response) =>
      new URL(response.headers.get("location") ?? "", "http://hub").searchParams.get("error");
    const weekly = added.find((s) => s.sites[0] === "school-a" && s.kind === "weekly-ict");
    const staff = await post(`/report-schedules/${weekly?.id}`, { time: "07:00", "day.1": "yes", "role.staff": "yes" });
    expect(await error(staff)).toMatch(/staff role\(s\) may not read the weekly-ict report/);
    // ICT do not read the DSL digest (it holds cases): they cannot change whom it goes to.
    const digest = added.find((s) => s.sites[0] === "school-a" && s.kind === "dsl-digest");
    const ict = await post(`/report-schedules/${digest?.id}`, { time: "07:30", "day.1": "yes", "role.board": "yes" });
    expect(await error(ict)).toMatch(/may change schedule/);
    expect(hub.services.stores.reports.schedules().find((s) => s.id === digest?.id)?.roles).toEqual([
      "dsl",
      "deputy-dsl",
    ]);
    expect(stored()?.cron).toBe("0 9 * 1,4,7,10 1#1");
  });

  it("the reports page lists the schedules in words with their next run, and adds one from days and a time", async () => {
    const { hub, get, post } = await hubWithDefaults();
    const page = await (await get("/reports")).text();
    expect(page).toContain("every Monday at 07:30 (Europe/London)");
    expect(page).toMatch(/\d{4}-\d{2}-\d{2} 07:00 CES?T/);
    const added = await post("/report-schedules", {
      kind: "weekly-ict",
      time: "16:00",
      "day.5": "yes",
      "role.ict-admin": "yes",
    });
    expect(added.headers.get("location")).toMatch(/done=Scheduled/);
    expect(hub.services.stores.reports.schedules().some((s) => s.cron === "0 16 * * 5")).toBe(true);
  });

  it('a generated report\'s "to" day is included: 1 to 7 June covers all of 7 June in London', async () => {
    const { hub, get, post } = await hubWithDefaults();
    const sent = await post("/reports", { kind: "weekly-ict", from: "2026-06-01", to: "2026-06-07" });
    expect(sent.status).toBe(303);
    const [report] = hub.services.stores.reports.list(1);
    expect(report?.periodFrom).toBe("2026-05-31T23:00:00.000Z");
    expect(report?.periodTo).toBe("2026-06-07T23:00:00.000Z");
    expect(await (await get(`/reports/${report?.id}`)).text()).toContain("2026-06-01 to 2026-06-07");
    expect(await (await get("/reports")).text()).toContain("2026-06-01 – 2026-06-07");
  });
});
