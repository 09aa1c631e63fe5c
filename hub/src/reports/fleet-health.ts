import { num, type ReportContext, range } from "./report-context.ts";

export interface AgentHealth {
  siteId: string;
  agent: string;
  /** Share of the period the agent was heard from (gaps longer than the offline threshold count as down). */
  uptime: number;
  offlineSpells: { from: string; to: string }[];
  listUpdates: { at: string; ok: boolean; errors: string }[];
  listsBuiltAt: string | null;
  listsAgeDays: number | null;
  stale: boolean;
}

/**
 * Each agent's health over the period, from the heartbeats that mark it (first and last, those
 * after a silence, the first of each list update): uptime is the period up to the last beat less
 * the silences longer than the offline threshold, plus the time after the last beat unless that is
 * a silence too.
 */
export function fleetHealth(ctx: ReportContext): AgentHealth[] {
  const byAgent = new Map<unknown, ReturnType<ReportContext["data"]["heartbeatMarks"]>>();
  for (const beat of ctx.data.heartbeatMarks(range(ctx), ctx.offlineAfterSeconds)) {
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
      let silent = 0;
      let previous = from;
      for (const beat of own) {
        const at = Date.parse(String(beat.at));
        const before = beat.gapMs === null ? from : at - num(beat.gapMs);
        if (at - before > limit) {
          spells.push({ from: new Date(before).toISOString(), to: new Date(at).toISOString() });
          silent += at - before;
        }
        previous = at;
      }
      let up = previous - from - silent;
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
        uptime: to > from ? up / (to - from) : 0,
        offlineSpells: spells,
        listUpdates: [...updates.values()],
        listsBuiltAt: builtAt,
        listsAgeDays: ageDays,
        stale: ageDays === null || ageDays > ctx.staleListsAfterDays,
      };
    });
}
