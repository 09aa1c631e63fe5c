import type { Severity } from "@fenceline/shared";
import type { AlertRoute } from "./alert-routes.ts";
import { severityRank } from "./severity.ts";

/** What a route is chosen by: the incident's kind, category (and its class), grade, and whether it is restricted. */
export interface RouteQuery {
  incidentKind: string;
  /** A concern about a member of staff: only routes that name its kind take it. */
  restricted: boolean;
  category: string;
  /** The category's class in the taxonomy, when it has one. */
  categoryClass?: string | undefined;
  severity: Severity;
}

/** A route and whether it is one of the hub's own (no configured route took the incident). */
export interface ChosenRoute {
  route: AlertRoute;
  builtIn: boolean;
}

/**
 * The hub's own routes, after the site's: security incidents to ICT first, then a DSL; a concern
 * about staff to the DSLs alone (never the deputies); everything else to the DSLs, then the deputies.
 */
export const BUILT_IN_ROUTES: readonly AlertRoute[] = [
  {
    name: "Security (built in)",
    kinds: [],
    categories: ["malware", "phishing"],
    minSeverity: "medium",
    recipients: [{ role: "ict-admin" }, { role: "dsl" }],
    outOfHours: [],
  },
  {
    name: "Concern about staff (built in)",
    kinds: ["staff-concern"],
    categories: [],
    minSeverity: "info",
    recipients: [{ role: "dsl" }],
    outOfHours: [],
  },
  {
    name: "Safeguarding (built in)",
    kinds: [],
    categories: [],
    minSeverity: "info",
    recipients: [{ role: "dsl" }, { role: "deputy-dsl" }],
    outOfHours: [],
  },
];

const [, STAFF_CONCERN, EVERYTHING_ELSE] = BUILT_IN_ROUTES as [AlertRoute, AlertRoute, AlertRoute];

/** Whether `route` takes the incident: its kind, its category or class, its grade. */
export function routeMatches(route: AlertRoute, q: RouteQuery): boolean {
  const named = route.kinds.includes(q.incidentKind as never);
  // A restricted incident goes only where its kind is named ("every kind" is the general pool), at
  // any grade: the people the route names are the only ones who may see it.
  if (q.restricted) return named;
  const kindOk = route.kinds.length === 0 || named;
  const categoryOk =
    route.categories.length === 0 ||
    route.categories.includes(q.category) ||
    (q.categoryClass !== undefined && route.categories.includes(q.categoryClass));
  return kindOk && categoryOk && severityRank(q.severity) >= severityRank(route.minSeverity);
}

/** The first of the site's routes that takes the incident, else the first built-in one; there always is one. */
export function matchRoute(configured: readonly AlertRoute[], q: RouteQuery): ChosenRoute {
  const own = configured.find((route) => routeMatches(route, q));
  if (own) return { route: own, builtIn: false };
  const builtIn = BUILT_IN_ROUTES.find((route) => routeMatches(route, q));
  return { route: builtIn ?? (q.restricted ? STAFF_CONCERN : EVERYTHING_ELSE), builtIn: true };
}

/** The routes in the order they are tried: the site's, then the built-in ones. */
export function effectiveRoutes(configured: readonly AlertRoute[]): ChosenRoute[] {
  return [
    ...configured.map((route) => ({ route, builtIn: false })),
    ...BUILT_IN_ROUTES.map((route) => ({ route, builtIn: true })),
  ];
}
