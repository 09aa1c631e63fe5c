import { HubError } from "../../hub-error.ts";
import { field, formAction, formSchema, type PageDef, type PageDeps } from "../page-def.ts";

/**
 * The forms of the incident page's person section: watch, end the watch, sanction, lift. Each acts
 * on the person the incident is about, through the same actions as the API.
 */
export function incidentPersonActions({ actions }: PageDeps): PageDef[] {
  const back = (c: { req: { param: (name: string) => string | undefined } }) => `/incidents/${c.req.param("id")}`;
  const personOf = (actor: Parameters<typeof actions.incidents.person>[0], id: number) => {
    const found = actions.incidents.person(actor, { id });
    if (!found) throw new HubError("not-found", "the hub does not know who this incident is about");
    return { siteId: found.person.siteId, personId: found.person.id };
  };
  const incidentId = (text: string | undefined) => Number(text);
  return [
    formAction(
      "/incidents/:id/person/watch",
      "people:safeguard",
      { form: formSchema({ reason: field(), reviewOn: field() }), back },
      (c, { actor, form }) => {
        const who = personOf(actor, incidentId(c.req.param("id")));
        actions.personWatch.set(actor, { ...who, reason: form.reason, reviewOn: form.reviewOn });
        return "On the watch list.";
      },
    ),
    formAction("/incidents/:id/person/watch/end", "people:safeguard", { back }, (c, { actor }) => {
      actions.personWatch.clear(actor, personOf(actor, incidentId(c.req.param("id"))));
      return "Taken off the watch list.";
    }),
    formAction(
      "/incidents/:id/person/sanctions",
      "people:safeguard",
      { form: formSchema({ reason: field(), endsAt: field(), allow: field() }), back },
      (c, { actor, form }) => {
        const id = incidentId(c.req.param("id"));
        const allow = form.allow.split(/[\s,]+/).filter(Boolean);
        const sanction = actions.sanctions.set(actor, {
          ...personOf(actor, id),
          reason: form.reason,
          endsAt: form.endsAt,
          allow,
          incidentId: id,
        });
        return `Sanction #${sanction.id} set.`;
      },
    ),
    formAction(
      "/incidents/:id/person/sanctions/lift",
      "people:safeguard",
      { form: formSchema({ sanctionId: field() }), back },
      (c, { actor, form }) => {
        const who = personOf(actor, incidentId(c.req.param("id")));
        const sanctionId = Number(form.sanctionId);
        actions.sanctions.lift(actor, { ...who, sanctionId });
        return `Sanction #${sanctionId} lifted.`;
      },
    ),
  ];
}
