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
