import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { bySql } from "../store/hub-database.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { openTestDatabase } from "../testing/test-stores.ts";
import { CLI_ACTOR } from "./access.ts";

describe("a new site and its default schedules are one transaction", () => {
  it("when one schedule cannot be stored, neither the site nor any schedule nor the audit entry remains", () => {
    const { stores, file } = openTempStores();
    const hub = createHub({ stores, log: pino({ level: "silent" }) });
    // The board's schedule is the last of the four: three are stored before it fails.
    const db = openTestDatabase(file);
    db.exec(
      bySql(db, {
        sqlite: `CREATE TRIGGER refuse_board_schedule BEFORE INSERT ON report_schedules WHEN NEW.kind = 'board-quarterly'
          BEGIN SELECT RAISE(ABORT, 'no board schedules today'); END;`,
        postgres: `CREATE FUNCTION refuse_board_schedule() RETURNS trigger LANGUAGE plpgsql
            AS $$ BEGIN RAISE EXCEPTION 'no board schedules today'; END $$;
          CREATE TRIGGER refuse_board_schedule BEFORE INSERT ON report_schedules
            FOR EACH ROW WHEN (NEW.kind = 'board-quarterly') EXECUTE FUNCTION refuse_board_schedule();`,
      }),
    );
    hub.actions.reportSchedules.start();
    try {
      expect(() => hub.actions.sites.create(CLI_ACTOR, { id: "school-a", name: "Hillside" })).toThrow(
        /no board schedules today/,
      );
      expect(stores.fleet.site("school-a")).toBeUndefined();
      expect(db.prepare("SELECT count(*) FROM report_schedules").pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM report_schedule_defaults").pluck().get()).toBe(0);
      expect(hub.services.audit.page(0, 100, "site.")).toEqual([]);
      expect(hub.services.audit.verify().ok).toBe(true);

      // Nothing was half-done: once the schedules can be stored, the same site is made whole.
      db.exec(
        bySql(db, {
          sqlite: "DROP TRIGGER refuse_board_schedule",
          postgres: "DROP TRIGGER refuse_board_schedule ON report_schedules",
        }),
      );
      hub.actions.sites.create(CLI_ACTOR, { id: "school-a", name: "Hillside" });
      expect(hub.actions.reportSchedules.list(CLI_ACTOR).map((s) => s.kind)).toEqual([
        "weekly-ict",
        "dsl-digest",
        "termly-incidents",
        "board-quarterly",
      ]);
      expect(hub.services.audit.page(0, 100, "report.schedule-defaults-added")).toHaveLength(1);
    } finally {
      hub.actions.reportSchedules.stop();
      db.close();
      stores.close();
    }
  });
});
