/**
 * PostgreSQL step 9: the events table no longer checks each row's site and agent against their
 * tables. Events are written by ingest alone, with the site and agent of the credential their
 * batch came with, and sites and agents are never deleted; the two checks were two look-ups and
 * two trigger calls an event, about a quarter of the server's time storing it. A month attached
 * with checks of its own (as the report benchmark's are) loses them with the table's.
 */
export const PG_STEP_EVENTS_WITHOUT_REFERENCES = `
ALTER TABLE events DROP CONSTRAINT events_site_id_fkey;
ALTER TABLE events DROP CONSTRAINT events_agent_id_fkey;`;
