import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub } from "@fenceline/hub/src/hub-app.ts";
import { type HubStores, openPostgresStores } from "@fenceline/hub/src/store/open-stores.ts";
import { PgDatabase, SCOPE_LOCKS, scopeLockKey, WRITE_LOCK } from "@fenceline/hub/src/store/pg/pg-database.ts";
import {
  hasPostgres,
  type PostgresCluster,
  startPostgresCluster,
} from "@fenceline/hub/src/testing/postgres-cluster.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "./support/smtp-sink.ts";

/**
 * An alert takes the write lock of its incident's site alone: a batch under way at another site
 * (another hub process holding that site's lock) does not hold it up. The hub's connection gives
 * up a lock after a second, so an alert that waited for the whole database would fail instead.
 */
describe.skipIf(!hasPostgres())("alerts on PostgreSQL, while another site's batch is being stored", () => {
  const smtp = new SmtpSink();
  let cluster: PostgresCluster;
  let stores: HubStores;
  let hub: Hub;
  let conninfo = "";

  beforeAll(async () => {
    await smtp.start();
    cluster = await startPostgresCluster();
    conninfo = cluster.createDatabase("hub");
    const work = mkdtempSync(join(tmpdir(), "fenceline-site-alerts-"));
    stores = openPostgresStores(`${conninfo} options='-c lock_timeout=1000'`, {
      auditKeyFile: join(work, "audit-key"),
      attachmentsFolder: join(work, "attachments"),
    });
    hub = createHub({
      stores,
      log: pino({ level: "silent" }),
      settings: { smtp: smtp.settings("hub@school.test") },
    });
    hub.services.enrolment.createSite("school-a", "School A");
    hub.services.enrolment.createSite("school-b", "School B");
    await hub.services.users.create({ email: "dsl@school.test", name: "DSL", role: "dsl", sites: null });
  }, 60_000);

  afterAll(async () => {
    stores?.close();
    cluster?.stop();
    await smtp.stop();
  });

  it("sends the DSL the alert of one site's incident while another site's write lock is held", async () => {
    const { token } = hub.services.enrolment.issueEnrolmentToken("school-a");
    const agent = { id: hub.services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
    const otherSite = new PgDatabase(conninfo);
    try {
      // As a hub process storing a batch of school B does, until it commits.
      otherSite.exec(
        `BEGIN; SELECT pg_advisory_xact_lock_shared(${WRITE_LOCK}), pg_advisory_xact_lock(${SCOPE_LOCKS}, ${scopeLockKey("site school-b")})`,
      );
      hub.services.ingest.ingest(agent, {
        schemaVersion: 1,
        events: [wireEvent({ time: Date.now(), categories: ["extremism"] })],
      });
      await hub.services.alerts.settle();
      expect(smtp.messages.map((message) => message.to)).toEqual([["dsl@school.test"]]);
      const [incident] = stores.incidents.list({ sites: null, limit: 1 });
      expect(stores.alerts.forIncident(incident?.id as number).map((alert) => alert.status)).toEqual(["sent"]);
    } finally {
      otherSite.exec("ROLLBACK");
      otherSite.close();
    }
  });
});
