import type { Context } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { DEVICE_COLUMNS, PERSON_COLUMNS } from "../domain/csv-columns.ts";
import { PERSON_KINDS } from "../domain/directory-fields.ts";
import type { Actor, Permission } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { ERROR_STATUS, HubError } from "../hub-error.ts";
import { CSV_LIMITS, decodeExport } from "../services/csv-table.ts";
import type { ImportReport } from "../services/import-report.ts";
import { pathParam } from "./directory-page-parts.ts";
import { options } from "./form-fields.ts";
import { csrfField, type Markup, page, table } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

const LABELS: Record<string, string> = {
  displayName: "Display name",
  firstName: "First name",
  lastName: "Last name",
  externalId: "External id (UPN, MIS id)",
  username: "Username (network login)",
  yearGroup: "Year group",
  tutorGroup: "Tutor group",
  kind: "Kind (pupil, staff, visitor)",
  tags: "Tags (separated by ; or |)",
  mac: "MAC address",
  hostname: "Host name",
  ownerExternalId: "Owner's external id",
  ownerUsername: "Owner's username",
  label: "Label (asset tag, serial)",
};

/** One kind of import: people from the MIS or directory export, or devices from an inventory. */
interface ImportKind {
  noun: "people" | "devices";
  access: Permission;
  fields: readonly string[];
  /** Refuses an actor who may not import at the site. */
  site: (actor: Actor, input: { siteId: string }) => string;
  columns: (
    actor: Actor,
    input: { siteId: string; csv: string },
  ) => { headers: string[]; guess: Record<string, string> };
  run: (
    actor: Actor,
    input: { siteId: string; csv: string; mapping: Record<string, string>; defaultKind?: string; dryRun: boolean },
  ) => ImportReport & { notInFile?: number };
}

const kindsOf = (actions: HubActions): ImportKind[] => [
  {
    noun: "people",
    access: "people:manage",
    fields: PERSON_COLUMNS,
    site: (actor, input) => actions.people.importSite(actor, input),
    columns: (actor, input) => actions.people.importColumns(actor, input),
    run: (actor, input) => actions.people.import(actor, input as Parameters<HubActions["people"]["import"]>[1]),
  },
  {
    noun: "devices",
    access: "devices:manage",
    fields: DEVICE_COLUMNS,
    site: (actor, input) => actions.devices.importSite(actor, input),
    columns: (actor, input) => actions.devices.importColumns(actor, input),
    run: (actor, { defaultKind: _kind, ...input }) => actions.devices.import(actor, input),
  },
];

// The file comes back with each step (hidden), so the form carries up to the import's own limit.
const MAX_FORM = CSV_LIMITS.maxBytes + 256 * 1024;
const importForm = formSchema({
  csv: z.string().max(MAX_FORM).default(""),
  step: field(),
  defaultKind: field(),
});

function mappingForm(
  c: Context<HubEnv>,
  kind: ImportKind,
  csv: string,
  headers: string[],
  mapping: Record<string, string>,
  defaultKind: string,
): Markup {
  return html`<form method="post" enctype="multipart/form-data">${csrfField(c)}<textarea name="csv" hidden>${csv}</textarea>
<fieldset><legend>Which column fills which field</legend><div class="row">${kind.fields.map(
    (f) =>
      html`<div><label for="map_${f}">${LABELS[f] ?? f}</label><select id="map_${f}" name="map_${f}"><option value="">(not imported)</option>${options(headers, mapping[f])}</select></div>`,
  )}</div>${kind.noun === "people" ? html`<label for="defaultKind">Kind when no column gives it</label><select id="defaultKind" name="defaultKind">${options(PERSON_KINDS, defaultKind || "pupil")}</select>` : ""}</fieldset>
<p><button name="step" value="preview">Preview</button> <button name="step" value="apply">Import</button></p></form>`;
}

function reportMarkup(report: ImportReport & { notInFile?: number }): Markup {
  const { counts } = report;
  return html`<p class="notice" role="status">${report.dryRun ? "Preview (nothing stored yet)" : "Imported"}:
<span data-count="add">${counts.add}</span> to add, <span data-count="update">${counts.update}</span> to update,
<span data-count="unchanged">${counts.unchanged}</span> unchanged, <span data-count="error">${counts.error}</span> with errors${report.dryRun ? "" : " (skipped)"}.</p>
${report.notInFile ? html`<p class="muted"><span data-count="not-in-file">${report.notInFile}</span> of the site's people are not in this file. If it is the whole roll, they may have left: remove or erase them from their pages.</p>` : ""}
${
  report.errors.length
    ? html`<h2>Lines with errors</h2>${table(
        ["Line", "Problem"],
        report.errors.slice(0, 1000).map((e) => [e.line, e.message]),
        "",
      )}`
    : ""
}
<h2>Lines</h2>${table(
    ["Line", "Action", "Entry", "Fields changed, or the problem"],
    report.lines.map((l) => [
      l.line,
      l.action,
      "label" in l ? l.label : "",
      "changed" in l ? l.changed.join(", ") : "message" in l ? l.message : "",
    ]),
    "The file has no rows.",
  )}`;
}

/**
 * Importing a site's people or devices from an export in steps on one form: the file (uploaded
 * or pasted), its columns mapped to fields (guessed from the header row), a preview of what
 * would change with each wrong line, then the import.
 */
export function importPages({ actions }: PageDeps): PageDef[] {
  return kindsOf(actions).flatMap((kind) => {
    const path = `/sites/:siteId/${kind.noun}/import`;
    const render = (c: Context<HubEnv>, body: Markup, status: ContentfulStatusCode = 200) =>
      page(
        c,
        `Import ${kind.noun} into ${pathParam(c, "siteId")}`,
        html`<p><a href="/sites/${pathParam(c, "siteId")}/${kind.noun}">Back to the list</a></p>${body}`,
        status,
      );
    return [
      getPage(path, kind.access, (c, { actor }) => {
        kind.site(actor, { siteId: pathParam(c, "siteId") });
        return render(
          c,
          html`<form method="post" enctype="multipart/form-data">${csrfField(c)}<input type="hidden" name="step" value="columns">
<label for="file">The export (CSV with a header row, up to ${CSV_LIMITS.maxBytes / (1024 * 1024)} MB and ${CSV_LIMITS.maxRows} rows)</label><input id="file" name="file" type="file" accept=".csv,text/csv">
<label for="csv">Or paste it</label><textarea id="csv" name="csv" rows="8"></textarea><p><button>Read the columns</button></p></form>
<p class="muted">Rows are matched ${kind.noun === "people" ? "on the external id, else the username" : "on the MAC address"}; importing the same file again changes nothing. Fields you leave out are not changed.</p>`,
        );
      }),
      postPage(path, kind.access, { form: importForm, maxBody: MAX_FORM }, async (c, { actor, form, files }) => {
        const siteId = pathParam(c, "siteId");
        const file = files.get("file");
        const csv = file && file.size > 0 ? decodeExport(new Uint8Array(await file.arrayBuffer())) : form.csv;
        // The selects "map_<field>": a column's header, or empty for a field not imported.
        const chosen = form as Record<string, unknown>;
        const mapping = Object.fromEntries(
          kind.fields.flatMap((f) => {
            const header = chosen[`map_${f}`];
            return typeof header === "string" && header !== "" ? [[f, header]] : [];
          }),
        );
        try {
          const { headers, guess } = kind.columns(actor, { siteId, csv });
          if (form.step === "columns" || form.step === "")
            return render(c, mappingForm(c, kind, csv, headers, guess, form.defaultKind));
          const dryRun = form.step !== "apply";
          const report = kind.run(actor, {
            siteId,
            csv,
            mapping,
            dryRun,
            ...(form.defaultKind ? { defaultKind: form.defaultKind } : {}),
          });
          return render(
            c,
            html`${reportMarkup(report)}${dryRun ? mappingForm(c, kind, csv, headers, mapping, form.defaultKind) : ""}`,
          );
        } catch (error) {
          if (
            !(error instanceof HubError) ||
            !["invalid-request", "payload-too-large", "forbidden"].includes(error.code)
          )
            throw error;
          const details = Array.isArray(error.details) ? (error.details as string[]) : [];
          return render(
            c,
            html`<div class="error" role="alert"><p>${error.message}</p>${details.length ? html`<ul>${details.slice(0, 50).map((d) => html`<li>${d}</li>`)}</ul>` : ""}</div>
<p><a href="/sites/${siteId}/${kind.noun}/import">Start again</a></p>`,
            ERROR_STATUS[error.code],
          );
        }
      }),
    ];
  });
}
