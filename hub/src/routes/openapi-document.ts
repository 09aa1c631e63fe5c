import { z } from "zod";
import { ERROR_STATUS } from "../hub-error.ts";
import type { RouteDef } from "./route-def.ts";

/** The OpenAPI 3.1 description of every route, built from the same definitions the app mounts. */
export function openApiDocument(routes: readonly RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const path = def.path.replace(/:(\w+)/g, "{$1}");
    const parameters = [...def.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (def.query) {
      const schema = z.toJSONSchema(def.query, { io: "input", unrepresentable: "any" }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(schema.properties ?? {}))
        parameters.push({
          name,
          in: "query",
          required: schema.required?.includes(name) ?? false,
          schema: property as { type: string },
        });
    }
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[def.method.toLowerCase()] = {
      tags: [def.tag],
      summary: def.summary,
      "x-fenceline-access": def.access,
      security:
        def.access === "public"
          ? []
          : def.access === "agent"
            ? [{ agentCredential: [] }]
            : [{ apiToken: [] }, { session: [] }],
      parameters,
      ...(def.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: z.toJSONSchema(def.body, { io: "input", unrepresentable: "any" }) },
              },
            },
          }
        : {}),
      responses: {
        "2XX": { description: "Success" },
        ...Object.fromEntries(
          [...new Set(Object.values(ERROR_STATUS))].map((status) => [
            String(status),
            { $ref: "#/components/responses/Error" },
          ]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Fenceline hub API",
      version,
      description:
        "Enrolment and ingest for agents; incidents, alerts, policy, users and audit for people. Each operation's x-fenceline-access names the permission it needs.",
    },
    paths,
    components: {
      securitySchemes: {
        apiToken: { type: "http", scheme: "bearer", description: "A personal API token (fl_...)" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "fenceline_session",
          description: "Send x-csrf-token on changes",
        },
        agentCredential: { type: "http", scheme: "bearer", description: "An enrolled agent's credential" },
      },
      responses: {
        Error: {
          description: "An error, by stable code",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  error: {
                    type: "object",
                    properties: {
                      code: { enum: Object.keys(ERROR_STATUS) },
                      message: { type: "string" },
                      details: {},
                      requestId: { type: "string" },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
