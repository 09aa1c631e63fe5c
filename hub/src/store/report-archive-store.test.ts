import { afterEach, describe, expect, it } from "vitest";
import type { ReportDocument } from "../domain/report-document.ts";
import type { HubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const doc: ReportDocument = {
  kind: "weekly-ict",
  title: "Weekly ICT report",
  audience: "ICT",
  period: { from: "2026-11-16", to: "2026-11-23", label: "week 47" },
  sites: [{ id: "school-a", name: "Hillside" }],
  generatedAt: "2026-11-23T09:00:00.000Z",
  generatedBy: "ict@school.test",
  dataVersion: "events#10",
  introduction: "How the filter did.",
  sections: [
    { heading: "Look-ups", explanation: "All of them.", items: [{ kind: "statement", text: "ok", status: "ok" }] },
  ],
};

describe("ReportArchiveStore", () => {
  it("keeps generated reports with their data version, newest first, and the whole document", () => {
    ({ stores } = openTempStores());
    const first = stores.reports.insert(doc).id;
    const second = stores.reports.insert({ ...doc, title: "Again" });
    expect(stores.reports.list(10)).toEqual([second, expect.objectContaining({ id: first })]);
    expect(stores.reports.list(1)).toHaveLength(1);
    expect(stores.reports.get(first)).toMatchObject({
      kind: "weekly-ict",
      periodFrom: "2026-11-16",
      periodTo: "2026-11-23",
      sites: ["school-a"],
      dataVersion: "events#10",
      body: doc,
    });
    expect(stores.reports.get(999)).toBeUndefined();
  });

  it("keeps schedules until disabled, once", () => {
    ({ stores } = openTempStores());
    const schedule = {
      kind: "dsl-digest" as const,
      cron: "0 7 * * 1",
      sites: ["school-a"],
      roles: ["dsl"],
      createdBy: "ict",
      createdAt: "2026-11-01",
    };
    const id = stores.reports.insertSchedule(schedule);
    expect(stores.reports.schedules()).toEqual([{ id, ...schedule }]);
    expect(stores.reports.disableSchedule(id, "2026-11-02")).toBe(true);
    expect(stores.reports.disableSchedule(id, "2026-11-03")).toBe(false);
    expect(stores.reports.schedules()).toEqual([]);
  });
});
