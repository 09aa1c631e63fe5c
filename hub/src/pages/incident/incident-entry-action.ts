import { z } from "zod";
import { formAction, type PageDef, type PageDeps } from "../page-def.ts";
import { entryFromForm } from "./entry-from-form.ts";

/** Every form of the incident page posts here: one entry, checked by the action; a refusal comes back as the form's message. */
export function incidentEntryAction({ actions, zoneOf }: PageDeps): PageDef {
  return formAction(
    "/incidents/:id/entries",
    "incidents:write",
    { form: z.record(z.string(), z.string()), back: (c) => `/incidents/${c.req.param("id")}` },
    (c, { actor, form }) => {
      const id = Number(c.req.param("id"));
      const zone = zoneOf(actions.incidents.siteOf(actor, { id }));
      actions.incidents.addEntry(actor, { id, entry: entryFromForm(form, zone) });
      return "Added to the record.";
    },
  );
}
