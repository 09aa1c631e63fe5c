import { accountPages } from "./account-page.ts";
import { alertRoutesPages } from "./alert-routes-page.ts";
import { annualReviewForms } from "./annual-review-forms.ts";
import { annualReviewPages } from "./annual-review-pages.ts";
import { auditPages } from "./audit-page.ts";
import { authPages } from "./auth-pages.ts";
import { concernPages } from "./concern-pages.ts";
import { coveragePages } from "./coverage-page.ts";
import { devicePages } from "./device-pages.ts";
import { eventPages } from "./event-pages.ts";
import { filterCheckPages } from "./filter-check-pages.ts";
import { importPages } from "./import-pages.ts";
import { incidentAcknowledgePages } from "./incident-acknowledge.ts";
import { incidentAttachmentPages } from "./incident-attachments.ts";
import { incidentPages } from "./incident-pages.ts";
import { learnerReportPages } from "./learner-report-page.ts";
import { myReviewRequestPages } from "./my-review-requests-page.ts";
import { overviewPages } from "./overview-page.ts";
import type { PageDef, PageDeps } from "./page-def.ts";
import { peoplePages } from "./people-pages.ts";
import { personPages } from "./person-page.ts";
import { policyGroupPages } from "./policy-group-page.ts";
import { policyPages } from "./policy-pages.ts";
import { reportPages } from "./report-pages.ts";
import { reportSchedulePages } from "./report-schedule-pages.ts";
import { reviewQueuePages } from "./review-queue-page.ts";
import { reviewRequestPages } from "./review-request-page.ts";
import { roamingPages } from "./roaming-page.ts";
import { sitePages } from "./site-pages.ts";
import { userPages } from "./user-pages.ts";

export type { PageDef, PageDeps } from "./page-def.ts";
export { mountPages } from "./page-guard.ts";

/** The dashboard's page modules, in the order their pages are mounted. */
const PAGE_MODULES: ((deps: PageDeps) => PageDef[])[] = [
  authPages,
  overviewPages,
  incidentPages,
  concernPages,
  learnerReportPages,
  reviewRequestPages,
  incidentAttachmentPages,
  incidentAcknowledgePages,
  eventPages,
  sitePages,
  alertRoutesPages,
  policyPages,
  policyGroupPages,
  coveragePages,
  filterCheckPages,
  reviewQueuePages,
  myReviewRequestPages,
  reportPages,
  annualReviewPages,
  annualReviewForms,
  reportSchedulePages,
  roamingPages,
  userPages,
  // The import pages before the person and device pages: ".../people/import" is not a person.
  importPages,
  peoplePages,
  personPages,
  devicePages,
  auditPages,
  accountPages,
];

/** The dashboard, as data: server-rendered pages over the same actions as the API, forms with CSRF tokens. */
export function hubPages(deps: PageDeps): PageDef[] {
  return PAGE_MODULES.flatMap((pages) => pages(deps));
}
