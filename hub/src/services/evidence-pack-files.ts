import { foldEntries } from "../domain/incident-workflow.ts";
import { formatLocalTime } from "../domain/local-time.ts";
import { tableCsv } from "../reports/render-csv.ts";
import type { AlertRecord } from "../store/alert-store.ts";
import type { AttachmentRow } from "../store/attachment-store.ts";
import type { EventRow } from "../store/event-query-store.ts";
import type { IncidentEntry, IncidentRow } from "../store/incident-store.ts";

/** What one incident's evidence pack is made from. */
export interface EvidenceMaterial {
  incident: IncidentRow;
  entries: IncidentEntry[];
  events: EventRow[];
  context: EventRow[];
  alerts: AlertRecord[];
  attachments: AttachmentRow[];
  /** The site's time zone: every time is given in it, labelled, and in UTC. */
  zone: string;
  madeBy: string;
  madeAt: string;
}

/** A time twice: as read at the site, labelled with its zone, and as stored (UTC). */
const times = (iso: string | null | undefined, zone: string): [string, string] => [
  iso ? formatLocalTime(iso, zone) : "",
  iso ?? "",
];

export function incidentJson(m: EvidenceMaterial): string {
  const { incident, entries, attachments, zone, madeBy, madeAt } = m;
  const record = foldEntries(entries);
  return `${JSON.stringify({ schemaVersion: 1, madeAt, madeBy, timeZone: zone, incident, record, entries, attachments }, null, 2)}\n`;
}

export function recordCsv(m: EvidenceMaterial): string {
  const correctedBy = new Map<number, number>();
  for (const e of m.entries) if (e.kind === "correction") correctedBy.set(e.body.ofSeq as number, e.seq);
  return tableCsv(
    ["Entry", `When (${m.zone})`, "When (UTC)", "By", "Kind", "Content", "Corrected by entry"],
    m.entries.map((e) => [
      e.seq,
      ...times(e.at, m.zone),
      e.by,
      e.kind,
      JSON.stringify(e.body),
      correctedBy.get(e.seq) ?? "",
    ]),
  );
}

export function eventsCsv(m: EvidenceMaterial): string {
  const row = (part: string, e: EventRow) => [
    part,
    e.id,
    ...times(e.time, m.zone),
    e.clientAddress,
    e.hostname ?? "",
    e.mac ?? "",
    e.group,
    e.name,
    e.qtype,
    e.outcome,
    e.categories.join(" "),
    e.monitored.join(" "),
    e.list ?? "",
    e.listVersion ?? "",
    e.rule ?? "",
    e.locked ? "yes" : "no",
    e.receivedAt,
  ];
  return tableCsv(
    [
      "Part",
      "Event",
      `Time (${m.zone})`,
      "Time (UTC)",
      "Client address",
      "Host name",
      "MAC",
      "Group",
      "Name looked up",
      "Query type",
      "Outcome",
      "Categories",
      "Monitored",
      "List",
      "List version",
      "Rule",
      "Locked",
      "Received (UTC)",
    ],
    [...m.events.map((e) => row("incident", e)), ...m.context.map((e) => row("context", e))],
  );
}

export function alertsCsv(m: EvidenceMaterial): string {
  return tableCsv(
    ["Alert", `When (${m.zone})`, "When (UTC)", "Channel", "Recipients", "Status", "Error", "Suppressed before it"],
    m.alerts.map((a) => [
      a.id,
      ...times(a.at, m.zone),
      a.channel,
      a.recipients.join(" "),
      a.status,
      a.error ?? "",
      a.suppressed,
    ]),
  );
}

export function referralsCsv(m: EvidenceMaterial): string {
  const record = foldEntries(m.entries);
  const str = (value: unknown) => (typeof value === "string" ? value : "");
  return tableCsv(
    [
      "Entry",
      "Agency",
      `Referred (${m.zone})`,
      "Referred (UTC)",
      "Reference",
      "Contact",
      "Note",
      "Recorded by",
      "Outcome",
      `Outcome date (${m.zone})`,
      "Outcome date (UTC)",
    ],
    record.referrals.map((r) => {
      const outcome = record.referralOutcomes.filter((o) => o.body.ofSeq === r.seq).at(-1);
      const referred = str(r.body.at) || str(r.body.date);
      return [
        r.seq,
        str(r.body.agency),
        ...times(referred, m.zone),
        str(r.body.reference),
        str(r.body.contact),
        str(r.body.note),
        r.by,
        str(outcome?.body.outcome),
        ...times(str(outcome?.body.at), m.zone),
      ];
    }),
  );
}

/** The pack's own account of itself: what it is, who made it when, and how to check it. */
export function readme(m: EvidenceMaterial, attachmentFiles: string[], eventsCut: boolean): string {
  const { incident } = m;
  return [
    `Fenceline evidence pack: incident #${incident.id} at site ${incident.siteId}`,
    "",
    `Made by ${m.madeBy} on ${formatLocalTime(m.madeAt, m.zone)} (${m.madeAt} UTC).`,
    `Times are given in the site's time zone (${m.zone}), labelled, and in UTC as stored.`,
    "",
    "What it holds",
    "  incident.json    the incident as stored, its record folded into its current form, every entry",
    "  record.csv       every entry of the incident's record, corrections included (nothing is ever edited)",
    "  events.csv       every look-up the incident holds, and the same client's flagged look-ups either side",
    "  alerts.csv       every alert sent (or that failed) for this incident",
    "  referrals.csv    every referral, with its outcome when one is recorded",
    `  attachments/     ${attachmentFiles.length} attached file(s), each named <sha256>-<name>`,
    "  SHA256SUMS       the SHA-256 of every other file in this pack",
    ...(eventsCut
      ? ["", `The incident holds ${incident.eventCount} look-ups; events.csv holds the first 100000.`]
      : []),
    "",
    "How to verify it",
    "  Unzip the pack into an empty folder and, in that folder, run:  sha256sum -c SHA256SUMS",
    "  Every line must end in OK. The SHA-256 of SHA256SUMS itself is in the hub's audit log",
    `  (action "incident.evidence-pack"), recorded when this pack was made.`,
    "",
    "Handling",
    "  This pack is a safeguarding record holding personal data. Share it only with those entitled",
    "  to it (the police, the LADO, CEOP, children's social care). If the incident concerns illegal",
    "  material, do not view, copy or forward the material itself.",
    "",
  ].join("\n");
}
