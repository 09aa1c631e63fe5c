/**
 * PostgreSQL step 10: the incident engine's updates stay on their row's page (HOT updates). Every
 * batch moves the last seen time, count and grades of the incidents its events join (250 of them
 * in a batch of 1,000 from a busy school); while `last_seen` was in two indexes, each of those
 * updates added an entry to every index of the table. No query reads `last_seen` from those
 * indexes: they find a client's or a person's incidents, which are few. Pages keep a sixth free
 * so that an updated row fits beside the old one.
 */
export const PG_STEP_INCIDENT_UPDATES_IN_PLACE = `
DROP INDEX incidents_site_client;
CREATE INDEX incidents_site_client ON incidents (site_id, client_address, category);
DROP INDEX incidents_person;
CREATE INDEX incidents_person ON incidents (person_id) WHERE person_id IS NOT NULL;
ALTER TABLE incidents SET (fillfactor = 85);`;
