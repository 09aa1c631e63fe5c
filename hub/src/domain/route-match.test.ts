import { describe, expect, it } from "vitest";
import { type AlertRoute, alertRouteSchema } from "./alert-routes.ts";
import { matchRoute, type RouteQuery } from "./route-match.ts";

const route = (name: string, fields: Record<string, unknown>): AlertRoute =>
  alertRouteSchema.parse({ name, recipients: [{ role: "dsl" }], ...fields });

const SITE_ROUTES: AlertRoute[] = [
  route("Head for staff", { kinds: ["staff-concern"], recipients: [{ user: "head@school.test" }, { role: "dsl" }] }),
  route("Gambling to pastoral", { categories: ["gambling"], minSeverity: "medium" }),
  route("Security class to ICT", {
    categories: ["security"],
    minSeverity: "critical",
    recipients: [{ role: "ict-admin" }],
  }),
  route("Bullying", { kinds: ["cyberbullying"], minSeverity: "high" }),
];

const filtered = (category: string, severity: RouteQuery["severity"], categoryClass?: string): RouteQuery => ({
  incidentKind: "filtered-lookup",
  restricted: false,
  category,
  categoryClass,
  severity,
});
const reported = (incidentKind: string, severity: RouteQuery["severity"], restricted = false): RouteQuery => ({
  incidentKind,
  restricted,
  category: incidentKind,
  severity,
});

describe("matchRoute", () => {
  it.each([
    // [what, site routes, query, route chosen, built in]
    ["malware, no routes: ICT first", [], filtered("malware", "high", "security"), "Security (built in)", true],
    ["phishing, medium: still ICT", [], filtered("phishing", "medium", "security"), "Security (built in)", true],
    ["self-harm: DSLs then deputies", [], filtered("self-harm", "high", "harm"), "Safeguarding (built in)", true],
    [
      "staff concern, no routes: DSLs only",
      [],
      reported("staff-concern", "high", true),
      "Concern about staff (built in)",
      true,
    ],
    [
      "staff concern with a route naming it",
      SITE_ROUTES,
      reported("staff-concern", "medium", true),
      "Head for staff",
      false,
    ],
    ["a category route", SITE_ROUTES, filtered("gambling", "medium", "gambling-class"), "Gambling to pastoral", false],
    ["a category route below its grade", SITE_ROUTES, filtered("gambling", "low"), "Safeguarding (built in)", true],
    [
      "a class named as a category",
      SITE_ROUTES,
      filtered("hacking", "critical", "security"),
      "Security class to ICT",
      false,
    ],
    [
      "a class route below its grade",
      SITE_ROUTES,
      filtered("malware", "high", "security"),
      "Security (built in)",
      true,
    ],
    ["a kind route", SITE_ROUTES, reported("cyberbullying", "critical"), "Bullying", false],
    ["a kind route below its grade", SITE_ROUTES, reported("cyberbullying", "medium"), "Safeguarding (built in)", true],
  ] as const)("%s", (_what, routes, query, name, builtIn) => {
    const chosen = matchRoute(routes, query);
    expect(chosen.route.name).toBe(name);
    expect(chosen.builtIn).toBe(builtIn);
  });

  it("never gives a restricted incident to a route for every kind, nor to the general built-in one", () => {
    const everyKind = [route("Everything", { minSeverity: "info", recipients: [{ role: "deputy-dsl" }] })];
    const chosen = matchRoute(everyKind, reported("staff-concern", "critical", true));
    expect(chosen.route.name).toBe("Concern about staff (built in)");
    expect(chosen.route.recipients).toEqual([{ role: "dsl" }]);
    // Restricted but of another kind (no route names it): the DSLs alone still.
    expect(matchRoute([], reported("other", "high", true)).route.recipients).toEqual([{ role: "dsl" }]);
  });

  it("takes the first route that matches, in the site's order", () => {
    const routes = [route("First", { minSeverity: "high" }), route("Second", { minSeverity: "info" })];
    expect(matchRoute(routes, filtered("adult", "high")).route.name).toBe("First");
    expect(matchRoute(routes, filtered("adult", "medium")).route.name).toBe("Second");
  });
});
