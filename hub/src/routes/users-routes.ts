import type { HubActions } from "../actions/index.ts";
import { newUserInput, roleChangeInput } from "../actions/users.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

/** Accounts and roles: the users:manage permission. */
export function usersRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/users",
      tag: "users",
      summary: "Every account with its role and sites",
      access: "users:manage",
      handle: (c, { actor }) => c.json({ users: actions.users.list(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/users",
      tag: "users",
      summary: "Create an account; its first password is returned once",
      access: "users:manage",
      // Over the API the first password is always a random one.
      body: newUserInput.omit({ password: true }),
      handle: async (c, { actor, body }) => c.json(await actions.users.create(actor, body), 201),
    }),
    route({
      method: "PUT",
      path: "/api/users/:userId/role",
      tag: "users",
      summary: "Change an account's role and sites",
      access: "users:manage",
      body: roleChangeInput,
      handle: (c, { actor, body }) => c.json(actions.users.setRole(actor, { userId: param(c, "userId"), ...body })),
    }),
    route({
      method: "POST",
      path: "/api/users/:userId/disable",
      tag: "users",
      summary: "Disable an account and end its sessions",
      access: "users:manage",
      handle: noContent((c, { actor }) => actions.users.disable(actor, { userId: param(c, "userId") })),
    }),
    route({
      method: "POST",
      path: "/api/users/:userId/password-reset",
      tag: "users",
      summary: "Give an account a new random password, returned once",
      access: "users:manage",
      handle: async (c, { actor }) =>
        c.json({ password: await actions.users.resetPassword(actor, { userId: param(c, "userId") }) }),
    }),
  ];
}
