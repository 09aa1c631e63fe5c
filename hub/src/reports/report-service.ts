import type { ListSource, Taxonomy } from "@fenceline/shared";
import type { ReportDocument, ReportKind } from "../domain/report-document.ts";
import { type Actor, actorCan, actorSeesSite, type Permission, roleCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { AuditService } from "../services/audit-service.ts";
import { actorName } from "../services/audit-service.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { StoredReport } from "../store/report-archive-store.ts";
import type { ReportContext } from "./report-context.ts";
import { REPORTS } from "./report-kinds.ts";
import { defaultPeriod, type Period, parsePeriod, previousPeriod, type Term } from "./report-period.ts";

export interface ReportSettings {
  terms: Term[];
  staleListsAfterDays: number;
  offlineAfterSeconds: number;
}

/** Who a report is generated for: a signed-in user, or a schedule on behalf of some roles. */
export type ReportReader = Actor | { schedule: number; safeguarding: boolean; sites: readonly string[] | null };

/** Generates reports on demand or on schedule, stores each with its data version, and serves them by role. */
export class ReportService {
  private readonly stores: HubStores;
  private readonly taxonomy: Taxonomy;
  private readonly sources: readonly ListSource[];
  private readonly audit: AuditService;
  private readonly settings: ReportSettings;
  private readonly now: () => Date;

  constructor(deps: {
    stores: HubStores;
    taxonomy: Taxonomy;
    sources: readonly ListSource[];
    audit: AuditService;
    settings: ReportSettings;
    now?: () => Date;
  }) {
    this.stores = deps.stores;
    this.taxonomy = deps.taxonomy;
    this.sources = deps.sources;
    this.audit = deps.audit;
    this.settings = deps.settings;
    this.now = deps.now ?? (() => new Date());
  }

  generate(
    reader: ReportReader,
    kind: ReportKind,
    options: { from?: string; to?: string; sites?: string[] } = {},
  ): StoredReport & { body: ReportDocument } {
    const spec = REPORTS[kind];
    const person = "userId" in reader ? reader : null;
    if (person && !actorCan(person, spec.permission))
      throw new HubError(
        "forbidden",
        `the ${kind} report needs the "${spec.permission}" permission, which the ${person.role} role lacks`,
      );
    const visible = this.stores.fleet
      .sites()
      .filter((s) => (person ? actorSeesSite(person, s.id) : reader.sites === null || reader.sites.includes(s.id)));
    const sites = options.sites ? visible.filter((s) => options.sites?.includes(s.id)) : visible;
    if (options.sites && sites.length !== options.sites.length)
      throw new HubError("not-found", "one or more of those sites do not exist, or are not yours");
    if ((options.from === undefined) !== (options.to === undefined))
      throw new HubError("invalid-request", "give both from and to, or neither");
    const now = this.now();
    const period: Period =
      options.from && options.to
        ? parsePeriod(options.from, options.to)
        : defaultPeriod(kind, now, this.settings.terms);
    if (period.to.getTime() <= period.from.getTime())
      throw new HubError("invalid-request", "the period ends before it starts");
    const safeguarding = person
      ? actorCan(person, "reports:safeguarding")
      : (reader as { safeguarding: boolean }).safeguarding;
    const ctx: ReportContext = {
      data: this.stores.reportData,
      taxonomy: this.taxonomy,
      sources: this.sources,
      sites: sites.map((s) => ({ id: s.id, name: s.name })),
      period,
      previous: previousPeriod(period, this.settings.terms, kind),
      now,
      staleListsAfterDays: this.settings.staleListsAfterDays,
      offlineAfterSeconds: this.settings.offlineAfterSeconds,
      safeguarding,
      policies: (siteId) => {
        const row = this.stores.policies.current(siteId);
        return row ? JSON.parse(row.body) : null;
      },
      auditIntact: () => this.audit.verify().ok,
      people: () =>
        this.stores.users
          .all()
          .filter((u) => !u.disabledAt)
          .map((u) => ({ name: u.name, email: u.email, role: u.role, sites: u.sites })),
    };
    const dataVersion = this.stores.reportData.dataVersion();
    const body = spec.build(ctx);
    const generatedBy = person ? actorName(person) : `schedule ${(reader as { schedule: number }).schedule}`;
    const doc: ReportDocument = {
      kind,
      ...body,
      period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label },
      sites: ctx.sites,
      generatedAt: now.toISOString(),
      generatedBy,
      dataVersion,
    };
    const id = this.stores.reports.insert(doc);
    this.audit.record(person ?? generatedBy, "report.generated", `report ${id}`, {
      kind,
      sites: doc.sites.map((s) => s.id),
      period: doc.period,
    });
    return { ...(this.stores.reports.get(id) as StoredReport), body: doc };
  }

  /** Stored reports the user may read: their permission for the kind, and every site in them theirs. */
  list(actor: Actor, limit = 200): StoredReport[] {
    return this.stores.reports.list(limit).filter((r) => this.mayRead(actor, r));
  }

  get(actor: Actor, id: number): ReportDocument {
    const report = this.stores.reports.get(id);
    if (!report || !this.mayRead(actor, report)) throw new HubError("not-found", `no report ${id}`);
    this.audit.record(actor, "report.viewed", `report ${id}`, { kind: report.kind });
    return report.body;
  }

  permissionFor(kind: ReportKind): Permission {
    return REPORTS[kind].permission;
  }

  private mayRead(actor: Actor, report: StoredReport & { body?: ReportDocument }): boolean {
    if (!actorCan(actor, REPORTS[report.kind].permission)) return false;
    if (!report.sites.every((site) => actorSeesSite(actor, site))) return false;
    // An annual review's DSL copy holds cases: only for readers who may see them.
    const body = report.body ?? this.stores.reports.get(report.id)?.body;
    const hasCases = report.kind === "annual-review" && body?.audience.includes("DSL's copy");
    return !hasCases || roleCan(actor.role, "reports:safeguarding");
  }
}
