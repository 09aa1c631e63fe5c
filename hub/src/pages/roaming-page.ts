import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../http/hub-env.ts";
import { csrfField, page } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps } from "./page-def.ts";

const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";

/** A site's roaming endpoint (the public name of the agent serving DNS over HTTPS), which device profiles carry. */
export function roamingPages({ actions }: PageDeps): PageDef[] {
  return [
    getPage("/sites/:siteId/roaming", "devices:manage", (c, { actor }) => {
      const siteId = siteOf(c);
      const settings = actions.roaming.settings(actor, { siteId });
      return page(
        c,
        `Roaming devices: ${siteId}`,
        html`<p>Devices off the site network send their look-ups over DNS over HTTPS to the site's roaming agent, at
<code>https://&lt;host&gt;/dns-query/&lt;device token&gt;</code>. The host is the public name of that agent, whose
certificate is for this name; the address is the agent's public address, which the Windows profile needs.</p>
<p>${settings ? html`Now: <code>${settings.host}</code>${settings.address ? html`, address <code>${settings.address}</code>` : ""}.` : "Not set yet: no device profile can be made."}</p>
<form method="post" action="/sites/${siteId}/roaming" class="row" style="align-items:end">${csrfField(c)}
<div><label for="host">Public host name</label><input id="host" name="host" required value="${settings?.host ?? ""}" placeholder="doh.school.example.org"></div>
<div><label for="address">Public address (for Windows)</label><input id="address" name="address" value="${settings?.address ?? ""}"></div>
<div><button>Save</button></div></form>
<p class="muted">A device's profile (Apple, Windows or Chrome) is made with a fresh token for that device:
<code>POST /api/sites/${siteId}/devices/&lt;device&gt;/roaming-profile</code> with <code>{"format": "apple"}</code>;
its tokens are listed and revoked under <code>/api/sites/${siteId}/devices/&lt;device&gt;/roaming-tokens</code>.</p>`,
      );
    }),
    formAction(
      "/sites/:siteId/roaming",
      "devices:manage",
      { form: formSchema({ host: field(), address: field() }), back: (c) => `/sites/${siteOf(c)}/roaming` },
      (c, { actor, form }) => {
        const address = form.address.trim();
        const settings = { host: form.host.trim(), address: address === "" ? null : address };
        actions.roaming.setSettings(actor, { siteId: siteOf(c), settings });
        return "Roaming settings saved.";
      },
    ),
  ];
}
