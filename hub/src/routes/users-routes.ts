import { z } from "zod";
import { ROLES } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { type RouteDef, route } from "./route-def.ts";

const sites = z.array(z.string().min(1).max(40)).max(500).nullable().default(null);
const newUser = z.strictObject({
  email: z.string().min(3).max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  sites,
});
const roleChange = z.strictObject({ role: z.enum(ROLES), sites });

/** Accounts and roles: the users:manage permission. */
export function usersRoutes(services: HubServices): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/users",
      tag: "users",
      summary: "Every account with its role and sites",
      access: "users:manage",
      handle: (c) => c.json({ users: services.users.list() }),
    }),
    route({
      method: "POST",
      path: "/api/users",
      tag: "users",
      summary: "Create an account; its first password is returned once",
      access: "users:manage",
      body: newUser,
      handle: async (c, { actor, body }) => c.json(await services.users.create(actor, body), 201),
    }),
    route({
      method: "PUT",
      path: "/api/users/:userId/role",
      tag: "users",
      summary: "Change an account's role and sites",
      access: "users:manage",
      body: roleChange,
      handle: (c, { actor, body }) =>
        c.json(services.users.setRole(actor, c.req.param("userId") as string, body.role, body.sites)),
    }),
    route({
      method: "POST",
      path: "/api/users/:userId/disable",
      tag: "users",
      summary: "Disable an account and end its sessions",
      access: "users:manage",
      handle: (c, { actor }) => {
        services.users.disable(actor, c.req.param("userId") as string);
        return c.body(null, 204);
      },
    }),
    route({
      method: "POST",
      path: "/api/users/:userId/password-reset",
      tag: "users",
      summary: "Give an account a new random password, returned once",
      access: "users:manage",
      handle: async (c, { actor }) =>
        c.json({ password: await services.users.resetPassword(actor, c.req.param("userId") as string) }),
    }),
  ];
}
