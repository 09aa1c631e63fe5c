import { describe, expect, it } from "vitest";
import { actorIsRecipient, alertRouteSchema, restrictedAudience } from "./alert-routes.ts";

const route = (body: unknown) => alertRouteSchema.parse(body);

describe("restricted incidents' audience", () => {
  it("is the DSLs alone when no route takes concerns about staff", () => {
    expect(restrictedAudience([route({ name: "All", recipients: [{ role: "deputy-dsl" }] })])).toEqual([
      { role: "dsl" },
    ]);
  });
  it("is the recipients of the routes that take concerns about staff", () => {
    const routes = [
      route({ name: "Staff", kinds: ["staff-concern"], recipients: [{ user: "head@school.test" }, { role: "dsl" }] }),
      route({ name: "Other", kinds: ["cyberbullying"], recipients: [{ role: "deputy-dsl" }] }),
    ];
    const audience = restrictedAudience(routes);
    expect(actorIsRecipient({ role: "deputy-dsl", email: "head@school.test" }, audience)).toBe(true);
    expect(actorIsRecipient({ role: "dsl", email: "someone@school.test" }, audience)).toBe(true);
    expect(actorIsRecipient({ role: "deputy-dsl", email: "deputy@school.test" }, audience)).toBe(false);
  });
  it("refuses a route with nobody on it or an unknown kind", () => {
    expect(alertRouteSchema.safeParse({ name: "x", recipients: [] }).success).toBe(false);
    expect(alertRouteSchema.safeParse({ name: "x", kinds: ["nope"], recipients: [{ role: "dsl" }] }).success).toBe(
      false,
    );
  });
});
