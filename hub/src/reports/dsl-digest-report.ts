import { bySeverity, incidentTopic, kindTable, referralsTable } from "./incident-figures.ts";
import { repeatPeople, watchListTable } from "./people-in-reports.ts";
import {
  bars,
  duration,
  median,
  minutesBetween,
  num,
  type ReportBody,
  type ReportContext,
  range,
  siteName,
  siteTime,
  table,
  timeColumn,
} from "./report-context.ts";
import { detailedRows, restrictedNote } from "./restricted-incidents.ts";

/** The DSL's weekly safeguarding digest. */
export function dslDigestReport(ctx: ReportContext): ReportBody {
  const r = range(ctx);
  const incidents = ctx.data.incidents(r);
  const open = ctx.data.openIncidents(r.sites);
  const triage = incidents
    .filter((i) => i.firstActionAt)
    .map((i) => minutesBetween(String(i.openedAt), String(i.firstActionAt)));
  const untriaged = incidents.filter((i) => !i.firstActionAt && i.state === "new").length;
  // One person's devices count together; a reported concern has no client address: it is no one's repeat.
  const repeat = repeatPeople(incidents);
  const listed = detailedRows(ctx, incidents);
  const allEscalations = ctx.data.entries(r, ["auto-escalated", "transition"]).filter((e) => {
    const body = JSON.parse(String(e.body)) as { to?: string };
    return e.kind === "auto-escalated" || body.to === "escalated";
  });
  const escalations = detailedRows(ctx, allEscalations);
  return {
    title: "Safeguarding digest",
    audience: "Designated Safeguarding Lead and deputies",
    introduction:
      "Incidents are raised when someone tries to reach harmful content. This digest shows the week's new incidents, what is still open, how quickly incidents were picked up, who keeps coming back, and what was escalated or referred. It names clients: keep it as you keep other safeguarding records.",
    sections: [
      {
        heading: "New and open incidents",
        explanation:
          "New incidents were raised this week; open incidents are all those not yet closed, whenever they were raised. Critical means illegal content: act at once.",
        items: [
          {
            kind: "figures",
            figures: [
              { label: "New this week", value: incidents.length },
              { label: "Open now", value: open.reduce((t, o) => t + num(o.n), 0) },
              { label: "Not yet triaged", value: untriaged },
              { label: "Median time to triage", value: duration(median(triage)) },
            ],
          },
          bars("New incidents by severity", bySeverity(incidents), (k) => String(k)),
          kindTable(incidents),
          table(
            "Open incidents by severity",
            ["Severity", "Open"],
            open.map((o) => [String(o.key), num(o.n)]),
            "No incident is open.",
          ),
          table(
            "New incidents",
            ["No.", timeColumn(ctx, "Raised"), "Site", "Client", "Group", "Category or kind", "Severity", "State"],
            listed.shown.map((i) => [
              num(i.id),
              siteTime(ctx, i.siteId, i.openedAt),
              siteName(ctx, i.siteId),
              String(i.clientAddress),
              String(i.group),
              incidentTopic(ctx, i),
              String(i.severity),
              String(i.state),
            ]),
            "No incident was raised this week.",
          ),
          ...restrictedNote(listed.hidden),
        ],
      },
      {
        heading: "Repeat people, escalations and referrals",
        explanation:
          "Someone with several incidents in one week (on any of their devices) may need a conversation; where the filter could not tell who it was, the client address is counted instead. Escalations are incidents graded up (by the system on repeated attempts, or by staff); referrals are to outside agencies.",
        items: [
          table(
            "People and clients with more than one incident",
            ["Person or client", "Incidents"],
            repeat,
            "No one had more than one incident.",
          ),
          table(
            "Escalations",
            [timeColumn(ctx, "When"), "Incident", "Category", "By"],
            escalations.shown.map((e) => [
              siteTime(ctx, e.siteId, e.at),
              num(e.incidentId),
              incidentTopic(ctx, { ...e, kind: e.incidentKind ?? null }),
              String(e.by),
            ]),
            "Nothing was escalated.",
          ),
          referralsTable(ctx, "Referrals made", "No referral was made."),
        ],
      },
      {
        heading: "People on the watch list",
        explanation:
          "People the DSL is keeping an eye on, soonest review first: why, when the watch is to be reviewed (overdue reviews are marked), and what is new for them this week.",
        items: [watchListTable(ctx)],
      },
    ],
  };
}
