/**
 * 25 (PostgreSQL 11): no index of every event by site and name. At ingest it took a sixth of the
 * database's time on PostgreSQL (each event's entry lands among its name's, across the index),
 * and one query read it: a review request's check of what the lists last said of a name, which
 * now finds the name's days in the names rollup and reads those days through the site and time
 * index. Matches of a locked list keep an index by name: they are few, and that check reads the
 * latest of them however old.
 */
export const STEP_LOCKED_NAME_INDEX = `
  DROP INDEX events_site_name_time;
  CREATE INDEX events_site_name_locked ON events (site_id, name, time) WHERE locked = 1;
`;
