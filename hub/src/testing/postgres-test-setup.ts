import { PgDatabase } from "../store/pg/pg-database.ts";
import { migratePostgres } from "../store/pg/pg-migrations.ts";
import { startPostgresCluster } from "./postgres-cluster.ts";
import { TEMPLATE_DATABASE } from "./test-stores.ts";

/**
 * Global setup of the "hub on PostgreSQL" test project: one throwaway cluster for the whole run,
 * with a migrated, empty template database that each test's database is copied from (a copy is
 * far quicker than running the migrations again). Its address reaches the test workers in
 * FENCELINE_TEST_PG; the cluster is stopped and removed when the run ends.
 */
export default async function startTestCluster(): Promise<() => void> {
  const cluster = await startPostgresCluster();
  const template = new PgDatabase(cluster.createDatabase(TEMPLATE_DATABASE));
  try {
    migratePostgres(template);
  } finally {
    template.close();
  }
  process.env.FENCELINE_TEST_PG = cluster.address;
  return () => cluster.stop();
}
