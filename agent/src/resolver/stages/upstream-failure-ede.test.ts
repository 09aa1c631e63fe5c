import { describe, expect, it } from "vitest";
import type { ResponseLayout } from "../../dns/response-records.ts";
import type { ExchangeResult } from "../../upstream/upstream-pool.ts";
import { upstreamFailureEde } from "./upstream-failure-ede.ts";

const attempt = (upstream: string, result: ExchangeResult) => ({ upstream, result, error: null });
const servfailFrom = (upstream: string) => ({ upstream, response: new Uint8Array(12), layout: {} as ResponseLayout });

describe("upstreamFailureEde", () => {
  it.each([
    {
      what: "a SERVFAIL relayed, naming the others tried",
      attempts: [attempt("udp://a", "servfail"), attempt("udp://b", "timeout")],
      servfail: "udp://a",
      code: 0,
      text: "upstream udp://a answered SERVFAIL; also tried udp://b (timeout)",
    },
    {
      what: "a SERVFAIL from the only upstream",
      attempts: [attempt("udp://a", "servfail")],
      servfail: "udp://a",
      code: 0,
      text: "upstream udp://a answered SERVFAIL",
    },
    {
      what: "timeouts only",
      attempts: [attempt("udp://a", "timeout"), attempt("udp://b", "timeout")],
      code: 22,
      text: "no upstream answered (timeouts): udp://a (timeout), udp://b (timeout)",
    },
    {
      what: "REFUSED by every upstream",
      attempts: [attempt("udp://a", "refused")],
      code: 22,
      text: "upstreams refused: udp://a (REFUSED)",
    },
    {
      what: "connections refused",
      attempts: [attempt("tcp://a", "unreachable")],
      code: 23,
      text: "upstreams unreachable: tcp://a (unreachable)",
    },
    {
      what: "a mixture",
      attempts: [attempt("udp://a", "malformed"), attempt("udp://b", "refused")],
      code: 22,
      text: "no upstream gave an answer: udp://a (malformed), udp://b (REFUSED)",
    },
  ])("$what: EDE $code", ({ attempts, servfail, code, text }) => {
    expect(upstreamFailureEde({ attempts, servfail: servfail ? servfailFrom(servfail) : null })).toEqual({
      code,
      text,
    });
  });
});
