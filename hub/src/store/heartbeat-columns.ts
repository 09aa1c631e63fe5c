/**
 * The heartbeat fields reports read, kept as columns beside the JSON body so that a year of
 * beats is read without parsing JSON. Filled at insert; migration 7 keeps its own frozen copy.
 */

/** Each column copied as is from a JSON path of the body. */
const COLUMN_PATHS = {
  lists_built_at: "$.lists.builtAt",
  update_at: "$.listsUpdate.at",
  update_ok: "$.listsUpdate.ok",
  update_errors: "$.listsUpdate.errors",
  queries: "$.queries",
} as const;

/** The upstreams that were unhealthy, reduced to their address and last error. */
const UNHEALTHY_UPSTREAMS = `(SELECT json_group_array(json_object('url', json_extract(u.value, '$.url'),
    'lastError', json_extract(u.value, '$.lastError')))
  FROM json_each(body, '$.upstreams') u WHERE json_extract(u.value, '$.healthy') = 0)`;

/** The SET list of an UPDATE of heartbeats that fills every column from the row's body. */
export const HEARTBEAT_COLUMNS_FROM_BODY = [
  ...Object.entries(COLUMN_PATHS).map(([column, path]) => `${column} = json_extract(body, '${path}')`),
  `unhealthy_upstreams = ${UNHEALTHY_UPSTREAMS}`,
].join(",\n  ");

/**
 * PostgreSQL's `json` (not `jsonb`) keeps a value's text as the body spells it, which for the hub's
 * minified bodies is the text SQLite's `json_extract` gives; a boolean becomes 1/0 as there.
 */
const PG_COLUMN_VALUES = {
  lists_built_at: "body::json #>> '{lists,builtAt}'",
  update_at: "body::json #>> '{listsUpdate,at}'",
  update_ok: "CASE body::json #>> '{listsUpdate,ok}' WHEN 'true' THEN 1 WHEN 'false' THEN 0 END",
  update_errors: "body::json #>> '{listsUpdate,errors}'",
  queries: "body::json #>> '{queries}'",
} as const;

/** The unhealthy upstreams, as SQLite's `json_group_array(json_object(...))` spells them: minified, in order. */
const PG_UNHEALTHY_UPSTREAMS = `(SELECT '[' || COALESCE(string_agg(
    '{"url":' || COALESCE((u.value -> 'url')::text, 'null') ||
    ',"lastError":' || COALESCE((u.value -> 'lastError')::text, 'null') || '}', ',' ORDER BY u.n), '') || ']'
  FROM json_array_elements(body::json -> 'upstreams') WITH ORDINALITY AS u(value, n)
  WHERE u.value ->> 'healthy' = 'false')`;

/** `HEARTBEAT_COLUMNS_FROM_BODY` for PostgreSQL, filling each column with the text SQLite's would. */
export const HEARTBEAT_COLUMNS_FROM_BODY_PG = [
  ...Object.entries(PG_COLUMN_VALUES).map(([column, value]) => `${column} = ${value}`),
  `unhealthy_upstreams = ${PG_UNHEALTHY_UPSTREAMS}`,
].join(",\n  ");
