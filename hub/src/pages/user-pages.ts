import type { Context } from "hono";
import { html } from "hono/html";
import { type Actor, ROLES, type Role } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** The roles offered: those the actor may grant, plus the account's own (shown, not necessarily changeable). */
const roleOptions = (grantable: readonly Role[], selected?: Role) =>
  [...new Set([...(selected ? [selected] : []), ...grantable])].map(
    (r) => html`<option value="${r}" ${r === selected ? "selected" : ""}>${r}</option>`,
  );
const roleOf = (text: string): Role => {
  if (!(ROLES as readonly string[]).includes(text)) throw new HubError("invalid-request", "choose a role");
  return text as Role;
};
const sitesOf = (text: string) => {
  const list = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : null;
};

/** Users and roles: the users:manage permission. */
export function userPages({ actions }: PageDeps): PageDef[] {
  // A new user's one-time password is shown in the answer to the form, never in an address.
  const renderUsers = (c: Context<HubEnv>, actor: Actor, password?: string) => {
    const users = actions.users.list(actor);
    const grantable = actions.users.grantableRoles(actor);
    return page(
      c,
      "Users and roles",
      html`${password ? html`<p class="notice" role="status">One-time password (shown once; they change it after signing in): <code>${password}</code></p>` : ""}
${table(
  ["Email", "Name", "Role and sites", "Since", ""],
  users.map((u) => [
    u.email,
    u.name,
    u.disabledAt
      ? `${u.role} (disabled)`
      : html`<form method="post" action="/users/${u.id}/role" class="row">${csrfField(c)}<select name="role" aria-label="Role of ${u.email}">${roleOptions(grantable, u.role)}</select>
<input name="sites" aria-label="Sites of ${u.email}" placeholder="all sites" value="${u.sites?.join(", ") ?? ""}"><button>Change</button></form>`,
    when(u.createdAt),
    u.disabledAt
      ? ""
      : html`<form class="inline" method="post" action="/users/${u.id}/disable">${csrfField(c)}<button>Disable</button></form>`,
  ]),
  "No users.",
)}
<h2>Add a user</h2><form method="post" action="/users" class="row" style="align-items:end">${csrfField(c)}
<div><label for="email">Email</label><input id="email" name="email" type="email" required></div>
<div><label for="name">Name</label><input id="name" name="name" required></div>
<div><label for="role">Role</label><select id="role" name="role">${roleOptions(grantable)}</select></div>
<div><label for="sites">Sites (comma-separated; empty: all)</label><input id="sites" name="sites"></div>
<div><button>Add user</button></div></form>
<p class="muted">ICT admins manage ict-admin and board accounts; the DSL manages dsl, deputy-dsl and auditor accounts; both only within their own sites. ict-admin: fleet, filtering policy, users; clients as pseudonyms. dsl / deputy-dsl: incidents with identities (the DSL signs off). board: totals only. auditor: the audit log.</p>`,
    );
  };
  const userForm = formSchema({ role: field(), sites: field() });
  return [
    getPage("/users", "users:manage", (c, { actor }) => renderUsers(c, actor)),
    postPage(
      "/users",
      "users:manage",
      { form: formSchema({ email: field(), name: field(), role: field(), sites: field() }), back: () => "/users" },
      async (c, { actor, form }) => {
        const { password } = await actions.users.create(actor, {
          email: form.email,
          name: form.name,
          role: roleOf(form.role),
          sites: sitesOf(form.sites),
        });
        return renderUsers(c, actor, password);
      },
    ),
    formAction("/users/:id/role", "users:manage", { form: userForm, back: () => "/users" }, (c, { actor, form }) => {
      actions.users.setRole(actor, {
        userId: c.req.param("id") ?? "",
        role: roleOf(form.role),
        sites: sitesOf(form.sites),
      });
      return "Role changed.";
    }),
    formAction("/users/:id/disable", "users:manage", { back: () => "/users" }, (c, { actor }) => {
      actions.users.disable(actor, { userId: c.req.param("id") ?? "" });
      return "Account disabled.";
    }),
  ];
}
