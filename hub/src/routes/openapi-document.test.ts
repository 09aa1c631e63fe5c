import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";

describe("GET /api/openapi.json", () => {
  it("describes every route with its access rule, parameters and request body", async () => {
    const { app, routes } = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
    const response = await app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            "x-fenceline-access": string;
            parameters: { name: string }[];
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const def of routes) {
      const operation = doc.paths[def.path.replace(/:(\w+)/g, "{$1}")]?.[def.method.toLowerCase()];
      expect(operation, `${def.method} ${def.path}`).toBeDefined();
      expect(operation?.["x-fenceline-access"]).toBe(def.access);
      for (const [, name] of def.path.matchAll(/:(\w+)/g))
        expect(operation?.parameters.map((p) => p.name)).toContain(name);
      expect(Boolean(operation?.requestBody)).toBe(Boolean(def.body));
    }
    const login = doc.paths["/api/auth/login"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(Object.keys(login?.properties ?? {})).toEqual(["email", "password"]);
    const incidents = doc.paths["/api/incidents"]?.get?.parameters.map((p) => p.name);
    expect(incidents).toEqual(expect.arrayContaining(["state", "severity", "limit"]));
  });
});
