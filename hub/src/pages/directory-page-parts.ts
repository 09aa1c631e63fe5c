import type { Context } from "hono";
import { html } from "hono/html";
import type { DeviceView } from "../actions/devices.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { options } from "./form-fields.ts";
import type { Markup } from "./layout.ts";

export const pathParam = (c: Context<HubEnv>, name: string) => c.req.param(name) ?? "";

/** Paging links for a list of `total` rows shown `limit` at a time from `offset`, keeping the search. */
export function pager(
  base: string,
  query: Record<string, string>,
  page: { total: number; limit: number; offset: number },
) {
  const link = (offset: number, label: string) => {
    const params = new URLSearchParams({ ...query, offset: String(offset) });
    return html`<a href="${base}?${params.toString()}">${label}</a>`;
  };
  const last = Math.min(page.offset + page.limit, page.total);
  return html`<p class="muted">${page.total === 0 ? "" : `${page.offset + 1}–${last} of ${page.total}`}
${page.offset > 0 ? link(Math.max(0, page.offset - page.limit), "Previous") : ""}
${last < page.total ? link(page.offset + page.limit, "Next") : ""}</p>`;
}

/** A device's owner as the viewer may see them: a link to the person, or a pseudonym. */
export function ownerCell(siteId: string, owner: DeviceView["owner"]): Markup | string {
  if (owner === null) return "–";
  if ("pseudonym" in owner) return html`<code>${owner.pseudonym}</code>`;
  return html`<a href="/sites/${siteId}/people/${owner.id}">${owner.displayName}</a>`;
}

/** A select of `values` with a "none" choice first. */
export function optionalSelect(id: string, label: string, values: readonly string[], selected?: string | null) {
  return html`<label for="${id}">${label}</label><select id="${id}" name="${id}"><option value="">(none)</option>${options(values, selected ?? undefined)}</select>`;
}

/** A labelled text input, optional unless `required`. */
export function textInput(id: string, label: string, value: string | null | undefined, required = false) {
  return html`<label for="${id}">${label}</label><input id="${id}" name="${id}" value="${value ?? ""}"${required ? " required" : ""}>`;
}
