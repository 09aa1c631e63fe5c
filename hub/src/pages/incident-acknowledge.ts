import type { Context } from "hono";
import { html } from "hono/html";
import { actorCan } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { csrfField, type Markup, page, severity, when } from "./layout.ts";
import { formAction, getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** Who acknowledged an incident's alert, and when (UTC); null while nobody has. */
export type AcknowledgementView = { by: string; at: string } | null;

/**
 * The incident's alert: acknowledged by whom and when, in the site's zone, or the button that
 * stops it being passed on to the next person on its route.
 */
export function acknowledgeSection(c: Context<HubEnv>, id: number, ack: AcknowledgementView, zone: string): Markup {
  if (ack) return html`<p class="acknowledged">Alert acknowledged by ${ack.by}, ${when(ack.at, zone)}.</p>`;
  const actor = c.get("actor");
  if (!actor || !actorCan(actor, "alerts:acknowledge")) return html``;
  return html`<form method="post" action="/incidents/${id}/acknowledge" class="acknowledge">${csrfField(c)}
<p>Nobody has acknowledged this incident's alert yet. Acknowledge it so that it is not passed on to the next person on its route.
<button type="submit">Acknowledge the alert</button></p></form>`;
}

/**
 * Acknowledging from the link in an alert email: a page saying what the email said (no
 * identities, no names looked up), for people on the route who do not read incidents (ICT for
 * malware), and the form that acknowledges it.
 */
export function incidentAcknowledgePages({ actions, zoneOf }: PageDeps): PageDef[] {
  const idOf = (c: Context<HubEnv>) => Number(c.req.param("id"));
  const summary = getPage("/incidents/:id/acknowledge", "alerts:acknowledge", (c, { actor }) => {
    const alert = actions.alertAcknowledgements.summary(actor, { id: idOf(c) });
    const zone = zoneOf(alert.siteId);
    const readable = actorCan(actor, "incidents:read");
    return page(
      c,
      `Alert for incident #${alert.incidentId}`,
      html`<p>${severity(alert.severity)} incident #${alert.incidentId} at ${alert.siteName}: ${alert.topic}. First seen ${when(alert.firstSeen, zone)}.</p>
${acknowledgeSection(c, alert.incidentId, alert.acknowledgement, zone)}
${readable ? html`<p><a href="/incidents/${alert.incidentId}">Open the incident</a></p>` : ""}`,
    );
  });
  const acknowledge = formAction(
    "/incidents/:id/acknowledge",
    "alerts:acknowledge",
    {
      back: (c) =>
        actorCan(c.get("actor") ?? ({} as never), "incidents:read")
          ? `/incidents/${c.req.param("id")}`
          : `/incidents/${c.req.param("id")}/acknowledge`,
    },
    (c, { actor }) => {
      const done = actions.alertAcknowledgements.acknowledge(actor, { id: idOf(c) });
      return done.first ? "Alert acknowledged: it will not be passed on." : `Already acknowledged by ${done.by}.`;
    },
  );
  return [summary, acknowledge];
}
