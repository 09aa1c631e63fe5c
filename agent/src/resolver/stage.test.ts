import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { RCODE } from "../dns/dns-constants.ts";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { responseCode } from "../dns/response-packet.ts";
import type { Answer } from "./answer.ts";
import type { QueryContext } from "./query-context.ts";
import { compose, type Stage } from "./stage.ts";
import { guard } from "./stages/guard.ts";
import { recordOutcome } from "./stages/record-outcome.ts";

// "example.com A", ID 0x1234, RD.
const packet = Buffer.from("123401000001000000000000076578616d706c6503636f6d0000010001", "hex");

function context(): QueryContext {
  const query = parseQueryPacket(new Uint8Array(packet)) as QueryPacket;
  return {
    query,
    transport: "udp",
    remoteAddress: "127.0.0.1",
    receivedAt: performance.now(),
    roamingDevice: null,
    client: { address: "127.0.0.1", group: "", hostname: null, mac: null, user: null, person: null, device: null },
    policy: null,
    group: null,
    monitored: [],
  };
}

const answer = (label: string): Answer => ({ bytes: new Uint8Array(12), outcome: "resolved", reason: null, label });
const silentLog = pino({ level: "silent" });

describe("the stage chain", () => {
  it("answers in the same turn when no stage waits, and with a promise when one does", async () => {
    const order: string[] = [];
    const pass =
      (name: string): Stage =>
      (_context, next) => {
        order.push(name);
        return next();
      };
    const now = compose([pass("a"), pass("b"), () => answer("sync")]);
    const result = now(context());
    expect(result).not.toBeInstanceOf(Promise);
    expect((result as Answer).label).toBe("sync");
    expect(order).toEqual(["a", "b"]);
    const later = compose([pass("a"), async () => answer("async")]);
    const pending = later(context());
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).label).toBe("async");
  });

  it("turns a throw, now or later, into SERVFAIL for that query alone, logged once per message", async () => {
    const logged: string[] = [];
    const log = pino({ level: "error" }, { write: (line: string) => logged.push(line) });
    const throwsNow = compose([
      guard(log),
      () => {
        throw new Error("broken stage");
      },
    ]);
    const first = throwsNow(context()) as Answer;
    expect(first.outcome).toBe("error");
    expect(responseCode(first.bytes)).toBe(RCODE.SERVFAIL);
    throwsNow(context());
    expect(logged).toHaveLength(1);
    const rejectsLater = compose([guard(silentLog), async () => Promise.reject(new Error("upstream bug"))]);
    const second = await rejectsLater(context());
    expect(second.outcome).toBe("error");
    expect(responseCode(second.bytes)).toBe(RCODE.SERVFAIL);
  });

  it("refuses a stage that calls next() twice or a last stage that calls it at all", () => {
    const twice = compose([
      guard(silentLog),
      (_c, next) => {
        next();
        return next();
      },
      () => answer("x"),
    ]);
    expect((twice(context()) as Answer).outcome).toBe("error");
    const pastTheEnd = compose([guard(silentLog), (_c, next) => next()]);
    expect((pastTheEnd(context()) as Answer).outcome).toBe("error");
  });

  it("records every outcome, answered now or later, with its time", async () => {
    const seen: [string, number][] = [];
    const record = recordOutcome((_context, done, elapsedMs) => seen.push([done.label, elapsedMs]));
    compose([record, () => answer("now")])(context());
    await compose([record, () => new Promise<Answer>((resolve) => setTimeout(() => resolve(answer("later")), 20))])(
      context(),
    );
    expect(seen.map(([label]) => label)).toEqual(["now", "later"]);
    expect(seen[1]?.[1]).toBeGreaterThanOrEqual(15);
  });
});
