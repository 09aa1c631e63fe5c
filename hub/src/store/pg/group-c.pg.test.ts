import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import type { HubDatabase } from "../hub-database.ts";
import { openDatabase } from "../open-database.ts";
import { createGroupCSchema, seedSites } from "./group-c-fixture.ts";
import { peopleScenario } from "./group-c-people.scenario.ts";
import { annualReviewScenario, checksScenario, reviewRequestScenario } from "./group-c-reviews.scenario.ts";
import { PgDatabase } from "./pg-database.ts";

/**
 * The people, review and check stores on PostgreSQL: each scenario makes the same calls on a
 * migrated SQLite database and on a PostgreSQL database built from the schema files, and their
 * answers must be equal; a few expectations on the answers keep the comparison from passing on
 * two equally empty results. The scenarios share each database and run in order.
 */
describe.skipIf(!hasPostgres())("people, review and check stores on PostgreSQL, as on SQLite", () => {
  let cluster: PostgresCluster;
  let postgres: PgDatabase;
  let sqlite: HubDatabase;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    postgres = new PgDatabase(cluster.createDatabase("group_c"));
    createGroupCSchema(postgres);
    sqlite = openDatabase(":memory:");
    for (const db of [sqlite, postgres]) seedSites(db);
  });
  afterAll(() => {
    postgres?.close();
    sqlite?.close();
    cluster?.stop();
  });

  /** Runs the scenario on both databases and gives SQLite's answers once PostgreSQL's are found equal. */
  const onBoth = <T>(scenario: (db: HubDatabase) => T): T => {
    const expected = scenario(sqlite);
    expect(scenario(postgres)).toEqual(expected);
    return expected;
  };

  it("people, devices, sanctions, the watch list, the identity table and a person's records", () => {
    const { ids, personQueries, deviceQueries, lookups, records, deletions } = onBoth(peopleScenario);
    expect(personQueries.firstPage.people.map((p) => p.displayName)).toEqual(["Ada Lovelace", "bob Brown"]);
    expect(personQueries.firstPage.total).toBe(3);
    expect(personQueries.anyCase.people.map((p) => p.id)).toEqual([ids.ada]);
    expect(personQueries.literalPercent.people.map((p) => p.displayName)).toEqual(["Cy 50% Off"]);
    expect(personQueries.duplicateUsername).toBe("unique");
    expect(deviceQueries.anyCase.total).toBe(1);
    expect(deviceQueries.duplicateMac).toBe("unique");
    expect(lookups.tablePeople.find((p) => p.id === ids.ada)?.sanctionEndsAt).toBe("2026-12-09T10:00:00.000Z");
    expect(lookups.tableTokens.map((t) => t.tokenHash)).toEqual(["token-live"]);
    expect(lookups.otherSitesId.personId).toBe(ids.ada);
    expect(lookups.byMacOwner).toEqual({ personId: ids.ada, deviceId: ids.laptop });
    expect(lookups.watched.map((w) => [w.personId, w.reason])).toEqual([
      [ids.bob, "new starter"],
      [ids.ada, "concern, reviewed"],
    ]);
    expect(records.events.map((e) => e.id)).toEqual(["e2", "e1", "e3"]);
    expect(records.eventsElsewhere).toEqual([]);
    expect(records.unlinked).toBe(2);
    expect(deletions.tokensAfterDeletingAda.device?.ownerId).toBeNull();
  });

  it("annual reviews, with a signed record and its actions locked by the triggers", () => {
    const { signatures, refusals, actions, get } = onBoth(annualReviewScenario);
    expect(signatures).toEqual([true, false, true]);
    expect(get?.reportSha256).toBe("ab".repeat(32));
    expect(actions.map((a) => [a.what, a.status])).toEqual([["Audit lists", "done"]]);
    expect(refusals).toEqual({
      duplicateYear: "unique",
      editSigned: "a signed annual review is on record: it cannot be changed",
      signAgain: undefined,
      editSignedAction: "a signed annual review is on record: its actions cannot be changed",
      addToSigned: "a signed annual review is on record: its actions cannot be changed",
      deleteAction: "an annual review action is on record: it cannot be deleted",
      deleteReview: "an annual review is on record: it cannot be deleted",
    });
  });

  it("review requests: queue, decisions, lifting, retention and erasure of a person's requests", () => {
    const result = onBoth(reviewRequestScenario);
    expect(result.decisions).toEqual([true, false, true]);
    expect(result.naming.map((r) => r.name)).toEqual(["one.example", "two.example"]);
    expect(result.erased).toBe(2);
    expect(result.afterErasure.find((r) => r.name === "two.example")?.requestedBy).toBe("erased");
    expect(result.purged).toBe(1);
  });

  it("filtering check runs and the sites' canaries and schedules", () => {
    const result = onBoth(checksScenario);
    expect(result.inserted).toEqual([true, false, true, true]);
    expect(result.expired).toBe(1);
    expect(result.alertsDue.map((r) => [r.id, r.agentName])).toEqual([["r1", "school-a gateway"]]);
    expect(result.duplicateCanary).toBeNull();
    expect(result.schedules[1]).toEqual({ days: [2], time: "11:00", enabled: true });
  });
});
