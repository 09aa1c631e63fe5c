import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DEFAULT_TIME_ZONE, formatLocalTime } from "../domain/local-time.ts";
import { type Actor, actorCan, type Permission } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
:root { --blue: #2b6cb0; --line: #cbd5e0; --soft: #edf2f7; --bad: #c53030; --ok: #2f855a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; }
a { color: var(--blue); }
a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f6ad55; outline-offset: 1px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
header { background: #1a365d; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; }
header a { color: #fff; text-decoration: none; } header a[aria-current] { text-decoration: underline; }
header .who { margin-left: auto; font-size: 13px; opacity: .9; }
main { padding: 16px; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 22px; margin: 4px 0 12px; } h2 { font-size: 17px; margin: 18px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 14px; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
th { background: var(--soft); } .scroll { overflow-x: auto; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; } .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card b { display: block; font-size: 22px; }
form.inline { display: inline; } fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
label { display: block; margin: 6px 0 2px; font-weight: 600; font-size: 14px; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #a0aec0; border-radius: 4px; max-width: 100%; }
textarea { width: 100%; } button { font: inherit; padding: 7px 14px; border: 0; border-radius: 4px; background: var(--blue); color: #fff; cursor: pointer; min-height: 40px; }
.notice { padding: 8px 12px; border-left: 4px solid var(--ok); background: #f0fff4; margin: 8px 0; }
.error { padding: 8px 12px; border-left: 4px solid var(--bad); background: #fff5f5; margin: 8px 0; }
.sev-critical { color: #fff; background: var(--bad); padding: 1px 6px; border-radius: 3px; } .sev-high { color: var(--bad); font-weight: 700; }
.step { border: 2px solid var(--blue); border-radius: 6px; padding: 4px 14px 8px; margin: 10px 0; } .step .policy { margin: 4px 0 8px; padding-left: 20px; }
.step .secondary fieldset { border-style: dashed; } ol.progress { display: flex; flex-wrap: wrap; gap: 4px 18px; padding-left: 20px; font-size: 13px; color: #4a5568; }
ol.progress [aria-current] { color: #1a202c; font-weight: 700; } details.other-actions > summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.muted { color: #4a5568; font-size: 13px; } .row { display: flex; flex-wrap: wrap; gap: 12px; } .row > * { flex: 1 1 260px; }
`;

const NAV: { href: string; label: string; permission: Permission | null }[] = [
  { href: "/", label: "Overview", permission: null },
  { href: "/incidents", label: "Incidents", permission: "incidents:read" },
  { href: "/report", label: "Report a concern", permission: "incidents:report" },
  { href: "/my-reports", label: "Concerns I reported", permission: "incidents:report" },
  { href: "/review-requests/mine", label: "Sites I reported", permission: "incidents:report" },
  { href: "/events", label: "Events", permission: "events:read" },
  { href: "/sites", label: "Sites", permission: "fleet:read" },
  { href: "/people", label: "People and devices", permission: "devices:read" },
  { href: "/checks", label: "Filtering checks", permission: "checks:read" },
  { href: "/reports", label: "Reports", permission: null },
  { href: "/annual-reviews", label: "Annual reviews", permission: "reviews:read" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/users", label: "Users", permission: "users:manage" },
];

/** A whole page: navigation limited to what the user may open, and the page's body. */
export function page(c: Context<HubEnv>, title: string, body: Markup, status: ContentfulStatusCode = 200) {
  const actor = c.get("actor");
  const path = c.req.path;
  const nav = actor
    ? NAV.filter((item) => item.permission === null || actorCan(actor, item.permission)).map(
        (item) =>
          html`<a href="${item.href}" ${raw(path === item.href || (item.href !== "/" && path.startsWith(`${item.href}/`)) ? 'aria-current="page"' : "")}>${item.label}</a>`,
      )
    : [];
  return c.html(
    html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Fenceline</title><style>${raw(STYLE)}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><strong>Fenceline</strong><nav aria-label="Main" style="display:flex;gap:14px;flex-wrap:wrap">${nav}</nav>
${actor ? html`<span class="who"><a href="/account">${actor.email}</a> (${actor.role}) <form class="inline" method="post" action="/logout">${csrfField(c)}<button style="min-height:0;padding:2px 8px;margin-left:6px">Sign out</button></form></span>` : ""}
</header>
<main id="main"><h1>${title}</h1>${flash(c)}${body}</main></body></html>`,
    status,
  );
}

export function csrfField(c: Context<HubEnv>): Markup {
  return html`<input type="hidden" name="_csrf" value="${c.get("csrf") ?? ""}">`;
}

function flash(c: Context<HubEnv>): Markup | string {
  const done = c.req.query("done");
  const error = c.req.query("error");
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (done) return html`<p class="notice" role="status">${done}</p>`;
  return "";
}

export function table(columns: string[], rows: (string | number | Markup)[][], empty: string): Markup {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll"><table><thead><tr>${columns.map((col) => html`<th scope="col">${col}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table></div>`;
}

export function severity(value: string): Markup {
  return html`<span class="sev-${value}">${value}</span>`;
}

/** A stored UTC time as a person reads it: local to the zone (a site's; else Europe/London), labelled. */
export function when(iso: string | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatLocalTime(iso, timeZone);
}

/** Where to go after a form: back with a message (post, redirect, get). */
export function back(c: Context<HubEnv>, to: string, message: { done?: string; error?: string }) {
  const url = new URL(to, "http://x");
  if (message.done) url.searchParams.set("done", message.done);
  if (message.error) url.searchParams.set("error", message.error);
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

export type { Actor };
