import { bySeverity, countBy, incidentTopic, kindTable, referralsTable } from "./incident-figures.ts";
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
  // A reported concern has no client address: it is no one's repeat.
  const repeat = [...countBy(incidents, "clientAddress")].filter(([client, n]) => client !== "" && n > 1);
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
        heading: "Repeat clients, escalations and referrals",
        explanation:
          "A client with several incidents in one week may need a conversation. Escalations are incidents graded up (by the system on repeated attempts, or by staff); referrals are to outside agencies.",
        items: [
          table(
            "Clients with more than one incident",
            ["Client", "Incidents"],
            repeat.sort((a, b) => b[1] - a[1]).map(([client, n]) => [client, n]),
            "No client had more than one incident.",
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
    ],
  };
}
