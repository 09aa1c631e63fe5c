import { num, type ReportContext, range } from "./report-context.ts";

export interface AgentHealth {
  siteId: string;
  agent: string;
  heartbeats: number;
  /** Share of the period the agent was heard from (gaps longer than the offline threshold count as down). */
  uptime: number;
  offlineSpells: { from: string; to: string }[];
  listUpdates: { at: string; ok: boolean; errors: string }[];
  listsBuiltAt: string | null;
  listsAgeDays: number | null;
  stale: boolean;
}

/** Each agent's health over the period, from its heartbeats. */
export function fleetHealth(ctx: ReportContext): AgentHealth[] {
  const byAgent = new Map<unknown, ReturnType<ReportContext["data"]["heartbeats"]>>();
  for (const beat of ctx.data.heartbeats(range(ctx))) {
    const list = byAgent.get(beat.agentId);
    if (list) list.push(beat);
    else byAgent.set(beat.agentId, [beat]);
  }
  const from = ctx.period.from.getTime();
  const to = Math.min(ctx.period.to.getTime(), ctx.now.getTime());
  const limit = ctx.offlineAfterSeconds * 1000;
  return ctx.data
    .agents(ctx.sites.map((s) => s.id))
    .filter((agent) => !agent.revokedAt || String(agent.revokedAt) > ctx.period.from.toISOString())
    .map((agent) => {
      const own = byAgent.get(agent.id) ?? [];
      const spells: { from: string; to: string }[] = [];
      let up = 0;
      let previous = from;
      for (const beat of own) {
        const at = Date.parse(String(beat.at));
        const gap = at - previous;
        if (gap > limit) spells.push({ from: new Date(previous).toISOString(), to: new Date(at).toISOString() });
        else up += gap;
        previous = at;
      }
      if (to - previous > limit)
        spells.push({ from: new Date(previous).toISOString(), to: new Date(to).toISOString() });
      else up += Math.max(0, to - previous);
      const updates = new Map<string, { at: string; ok: boolean; errors: string }>();
      for (const beat of own)
        if (beat.updateAt)
          updates.set(String(beat.updateAt), {
            at: String(beat.updateAt),
            ok: num(beat.updateOk) === 1,
            errors: (JSON.parse(String(beat.updateErrors ?? "[]")) as string[]).join("; "),
          });
      const last = own.at(-1);
      const builtAt = last?.listsBuiltAt ? String(last.listsBuiltAt) : null;
      const ageDays = builtAt ? (to - Date.parse(builtAt)) / 86_400_000 : null;
      return {
        siteId: String(agent.siteId),
        agent: String(agent.name),
        heartbeats: own.length,
        uptime: to > from ? up / (to - from) : 0,
        offlineSpells: spells,
        listUpdates: [...updates.values()],
        listsBuiltAt: builtAt,
        listsAgeDays: ageDays,
        stale: ageDays === null || ageDays > ctx.staleListsAfterDays,
      };
    });
}
