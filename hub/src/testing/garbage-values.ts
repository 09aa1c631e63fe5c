/** Query and path values a careless or hostile client sends: none of them may cause a 500. */
export const GARBAGE_VALUES = [
  "zz",
  "garbage",
  "-1",
  "0",
  "9e15",
  "1e400",
  "NaN",
  "2026-13-45",
  "+275760-09-13T00:00:00.001Z",
  "[object Object]",
  '{"time":{"a":1},"id":"e"}',
  Buffer.from('{"time":{"a":1},"id":"e"}').toString("base64url"),
  "%00",
  "../../etc/passwd",
  "x".repeat(5000),
] as const;

/** Query names the routes and pages read, and a few they do not. */
export const QUERY_NAMES = [
  "cursor",
  "from",
  "to",
  "limit",
  "site",
  "sites",
  "group",
  "category",
  "client",
  "outcome",
  "status",
  "kind",
  "next",
  "days",
  "format",
  "severity",
  "q",
] as const;

/** Every URL to try for one route path: garbage in each query name, and in each path parameter. */
export function garbageUrls(path: string, fill: (path: string) => string): string[] {
  const urls: string[] = [];
  for (const value of GARBAGE_VALUES) {
    const query = new URLSearchParams(QUERY_NAMES.map((name) => [name, value]));
    urls.push(`${fill(path)}?${query}`);
    if (path.includes(":")) urls.push(path.replace(/:\w+/g, encodeURIComponent(value)));
  }
  return urls;
}
