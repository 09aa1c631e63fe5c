/**
 * The heartbeat fields reports read, kept as columns beside the JSON body so that a year of
 * beats is read without parsing JSON. Filled at insert; migration 7 keeps its own frozen copy.
 */
export const HEARTBEAT_COLUMNS_FROM_BODY = `
  lists_built_at = json_extract(body, '$.lists.builtAt'),
  update_at = json_extract(body, '$.listsUpdate.at'),
  update_ok = json_extract(body, '$.listsUpdate.ok'),
  update_errors = json_extract(body, '$.listsUpdate.errors'),
  unhealthy_upstreams = (SELECT json_group_array(json_object('url', json_extract(u.value, '$.url'),
      'lastError', json_extract(u.value, '$.lastError')))
    FROM json_each(body, '$.upstreams') u WHERE json_extract(u.value, '$.healthy') = 0),
  queries = json_extract(body, '$.queries')`;
