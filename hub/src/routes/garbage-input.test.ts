import { describe, expect, it } from "vitest";
import { authorisationFixture, fillPath } from "../testing/authorisation-fixture.ts";
import { garbageUrls } from "../testing/garbage-values.ts";

// Built before the tests are collected: the routes and pages themselves are the table walked.
const fx = await authorisationFixture();
const site = fx.a;
const fill = (path: string) => fillPath(path, site, fx.targetUserId);

/** Any status but a 5xx: garbage input is the client's mistake, answered as such. */
async function statusesOf(urls: string[], headers: Record<string, string>) {
  const failures: string[] = [];
  for (const url of urls) {
    const response = await fx.hub.app.request(url, { headers });
    if (response.status >= 500) failures.push(`${response.status} ${url.slice(0, 200)}`);
  }
  return failures;
}

describe("garbage in queries and path parameters", () => {
  it.each(fx.hub.routes.filter((def) => def.method === "GET").map((def) => [def.path, def] as const))(
    "GET %s answers without a 500",
    async (_path, def) => {
      const failures = await statusesOf(garbageUrls(def.path, fill), {
        authorization: `Bearer ${fx.tokens["ict-admin"]}`,
      });
      const dsl = await statusesOf(garbageUrls(def.path, fill), { authorization: `Bearer ${fx.tokens.dsl}` });
      expect([...failures, ...dsl]).toEqual([]);
    },
  );

  it.each(
    fx.hub.routes.filter((def) => def.method !== "GET").map((def) => [`${def.method} ${def.path}`, def] as const),
  )("%s with garbage path parameters and bodies answers without a 500", async (_name, def) => {
    const failures: string[] = [];
    const urls = garbageUrls(def.path, fill).filter((url) => !url.includes("?"));
    for (const url of urls.length > 0 ? urls : [def.path])
      for (const body of ["{}", "[]", "null", '"x"', '{"schemaVersion":{}}', "{"]) {
        const response = await fx.hub.app.request(url, {
          method: def.method,
          headers: { authorization: `Bearer ${fx.tokens["ict-admin"]}`, "content-type": "application/json" },
          body,
        });
        if (response.status >= 500) failures.push(`${response.status} ${url.slice(0, 120)} ${body}`);
      }
    expect(failures).toEqual([]);
  });

  it.each(fx.hub.pages.filter((def) => def.method === "GET").map((def) => [def.path, def] as const))(
    "page %s answers without a 500",
    async (_path, def) => {
      const failures = await statusesOf(garbageUrls(def.path, fill), { cookie: fx.sessions["ict-admin"].cookie });
      const dsl = await statusesOf(garbageUrls(def.path, fill), { cookie: fx.sessions.dsl.cookie });
      expect([...failures, ...dsl]).toEqual([]);
    },
  );
});
