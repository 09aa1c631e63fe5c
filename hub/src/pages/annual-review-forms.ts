import { HubError } from "../hub-error.ts";
import { ATTENDEE_ROLES, type Attendee } from "../store/annual-review-store.ts";
import { reviewKey, reviewPath, reviewSite } from "./annual-review-pages.ts";
import { field, formAction, formSchema, type PageDef, type PageDeps } from "./page-def.ts";

/** "governor: Dr Gov" lines as attendees; a line in another shape is the form's fault. */
function attendeesOf(text: string): Attendee[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [role = "", ...name] = line.split(":");
      const capacity = role.trim().toLowerCase();
      if (!(ATTENDEE_ROLES as readonly string[]).includes(capacity) || name.join(":").trim() === "")
        throw new HubError(
          "invalid-request",
          `attendee "${line}": write it as "slt: name" (slt, dsl, ict or governor)`,
        );
      return { role: capacity as Attendee["role"], name: name.join(":").trim() };
    });
}

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
const actionForm = formSchema({ what: field(), owner: field(), dueOn: field(), status: field() });

/** The forms of an annual review record: start it, edit it, attach its pack, its actions, the two signatures. */
export function annualReviewForms({ actions }: PageDeps): PageDef[] {
  const reviews = actions.annualReviews;
  return [
    formAction(
      "/sites/:siteId/annual-reviews",
      "reviews:write",
      { form: formSchema({ year: field() }), back: (c) => `/sites/${reviewSite(c)}/annual-reviews` },
      (c, { actor, form }) => {
        const review = reviews.create(actor, { siteId: reviewSite(c), year: Number(form.year) });
        return `The ${review.year} review is started, with ${review.actions.length} action(s) carried from the last one.`;
      },
    ),
    formAction(
      "/sites/:siteId/annual-reviews/:year",
      "reviews:write",
      { form: formSchema({ meetingOn: field(), attendees: field(), decisions: field() }), back: reviewPath },
      (c, { actor, form }) => {
        const fields = {
          meetingOn: orNull(form.meetingOn),
          attendees: attendeesOf(form.attendees),
          decisions: form.decisions,
        };
        reviews.update(actor, { ...reviewKey(c), ...fields });
        return "The record is saved.";
      },
    ),
    formAction(
      "/sites/:siteId/annual-reviews/:year/report",
      "reviews:write",
      { form: formSchema({ reportId: field() }), back: reviewPath },
      (c, { actor, form }) => {
        reviews.attachReport(actor, { ...reviewKey(c), reportId: Number(form.reportId) });
        return "The evidence pack is attached.";
      },
    ),
    formAction(
      "/sites/:siteId/annual-reviews/:year/actions",
      "reviews:write",
      { form: actionForm, back: reviewPath },
      (c, { actor, form }) => {
        reviews.addAction(actor, { ...reviewKey(c), what: form.what, owner: form.owner, dueOn: orNull(form.dueOn) });
        return "The action is added.";
      },
    ),
    formAction(
      "/sites/:siteId/annual-reviews/:year/actions/:actionId",
      "reviews:write",
      { form: actionForm, back: reviewPath },
      (c, { actor, form }) => {
        const actionId = Number(c.req.param("actionId"));
        const status = form.status === "done" ? "done" : "open";
        reviews.updateAction(actor, {
          ...reviewKey(c),
          actionId,
          what: form.what,
          owner: form.owner,
          dueOn: orNull(form.dueOn),
          status,
        });
        return "The action is saved.";
      },
    ),
    formAction(
      "/sites/:siteId/annual-reviews/:year/sign-dsl",
      "reviews:sign-dsl",
      { back: reviewPath },
      (c, { actor }) => {
        reviews.signAsDsl(actor, reviewKey(c));
        return "Signed as the DSL.";
      },
    ),
    formAction(
      "/sites/:siteId/annual-reviews/:year/sign-governor",
      "reviews:sign-governor",
      { back: reviewPath },
      (c, { actor }) => {
        reviews.signAsGovernor(actor, reviewKey(c));
        return "Signed as the governor.";
      },
    ),
  ];
}
