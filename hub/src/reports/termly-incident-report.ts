import {
  categoryTrend,
  countBy,
  groupTable,
  kindTable,
  referralsTable,
  severityTable,
  sorted,
  topicCounts,
} from "./incident-figures.ts";
import { bars, type ReportBody, type ReportContext, range, siteDay, table } from "./report-context.ts";
import { detailedRows, restrictedNote } from "./restricted-incidents.ts";

/** The termly incident report for the Safeguarding Lead. */
export function termlyIncidentReport(ctx: ReportContext): ReportBody {
  const incidents = ctx.data.incidents(range(ctx));
  const before = ctx.data.incidents(range(ctx, ctx.previous));
  const { shown: entries, hidden } = detailedRows(ctx, ctx.data.entries(range(ctx), ["action", "review"]));
  const sanctions = entries
    .map((e) => ({
      incidentId: Number(e.incidentId),
      siteId: String(e.siteId),
      at: String(e.at),
      kind: String(e.kind),
      body: JSON.parse(String(e.body)) as Record<string, string>,
    }))
    .filter((e) => (e.kind === "action" && e.body.action === "sanction") || (e.kind === "review" && e.body.sanctions));
  return {
    title: `Termly e-safety incident report: ${ctx.period.label}`,
    audience: "Safeguarding Lead",
    introduction:
      "Every incident raised this term, by what it was about, how serious it was, how it ended and which group of users it came from, with referrals and sanctions, and how the term compares with the one before.",
    sections: [
      {
        heading: "Incidents this term",
        explanation:
          "Each incident gathers one user's attempts on one kind of content. Severity is set by the system and may be re-graded by the DSL; the outcome is where the incident stands now.",
        items: [
          {
            kind: "figures",
            figures: [
              { label: "Incidents", value: incidents.length },
              { label: "Previous term", value: before.length },
            ],
          },
          bars("By category or reported kind", topicCounts(ctx, incidents), (k) => String(k)),
          kindTable(incidents),
          severityTable(incidents),
          table(
            "By outcome",
            ["Outcome", "Incidents"],
            sorted(countBy(incidents, "state")).map((s) => [s.key, s.n]),
            "None.",
          ),
          groupTable(incidents),
        ],
      },
      {
        heading: "Referrals and sanctions",
        explanation:
          "Referrals made to outside agencies this term, and sanctions recorded in incident actions and reviews.",
        items: [
          referralsTable(ctx, "Referrals", "No referral was made this term."),
          ...restrictedNote(hidden),
          table(
            "Sanctions",
            ["Incident", "When", "Sanction"],
            sanctions.map((e) => [
              Number(e.incidentId),
              siteDay(ctx, e.siteId, e.at),
              e.kind === "action" ? (e.body.detail ?? "") : (e.body.sanctions ?? ""),
            ]),
            "No sanction was recorded this term.",
          ),
        ],
      },
      {
        heading: "Compared with the previous term",
        explanation: `Incidents per category this term against ${ctx.previous.label}.`,
        items: [
          table(
            "Trend by category",
            ["Category", "This term", "Previous term", "Change"],
            categoryTrend(ctx, incidents, before),
            "No incidents in either term.",
          ),
        ],
      },
    ],
  };
}
