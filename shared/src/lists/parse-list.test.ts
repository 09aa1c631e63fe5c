import { describe, expect, it } from "vitest";
import { parseList } from "./parse-list.ts";

function parse(text: string | Uint8Array) {
  const names: string[] = [];
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const report = parseList(bytes, (name, length) => names.push(new TextDecoder().decode(name.subarray(0, length))));
  return { names, report };
}

describe("parseList accepts every list format", () => {
  it.each([
    ["plain domain", "example.com", ["example.com"]],
    ["upper case", "WWW.Example.COM", ["www.example.com"]],
    ["trailing dot", "example.com.", ["example.com"]],
    ["hosts with one space", "0.0.0.0 example.com", ["example.com"]],
    ["hosts with several spaces", "0.0.0.0    example.com", ["example.com"]],
    ["hosts with a tab", "127.0.0.1\texample.com", ["example.com"]],
    ["hosts with IPv6 address", ":: example.com", ["example.com"]],
    ["hosts with many names", "0.0.0.0 a.example b.example.org", ["a.example", "b.example.org"]],
    ["hosts with inline comment", "0.0.0.0 example.com # tracker", ["example.com"]],
    ["adblock", "||example.com^", ["example.com"]],
    ["adblock $important", "||example.com^$important", ["example.com"]],
    ["wildcard", "*.example.com", ["example.com"]],
    ["leading dot", ".example.com", ["example.com"]],
    ["dnsmasq address", "address=/example.com/0.0.0.0", ["example.com"]],
    ["dnsmasq several names", "address=/a.example/b.example/#", ["a.example", "b.example"]],
    ["dnsmasq server", "server=/example.com/", ["example.com"]],
    ["dnsmasq local", "local=/example.com/", ["example.com"]],
    ["IDN in Unicode", "bücher.example", ["xn--bcher-kva.example"]],
    ["IDN already in ASCII", "xn--bcher-kva.example", ["xn--bcher-kva.example"]],
    ["underscore", "_dmarc.example.com", ["_dmarc.example.com"]],
    ["CRLF line end", "example.com\r", ["example.com"]],
  ])("%s", (_, line, expected) => {
    const { names, report } = parse(`${line}\n`);
    expect(names).toEqual(expected);
    expect(report.rejected).toBe(0);
  });

  it("skips comments, blank lines, adblock headers and hosts boilerplate without rejecting them", () => {
    const text =
      "# comment\n! adblock comment\n[Adblock Plus 2.0]\n\n   \n127.0.0.1 localhost\n::1 ip6-localhost\n0.0.0.0 0.0.0.0\nexample.com\n";
    const { names, report } = parse(text);
    expect(names).toEqual(["example.com"]);
    expect(report).toMatchObject({ lines: 9, entries: 1, skipped: 8, rejected: 0 });
  });

  it("drops a byte-order mark and reads CRLF files", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("a.example\r\nb.example\r\n")]);
    expect(parse(bytes).names).toEqual(["a.example", "b.example"]);
  });
});

describe("parseList rejects bad lines with their line numbers", () => {
  it.each([
    ["IP literal", "192.168.1.1", "ip-address"],
    ["IPv6 literal", "2001:db8::1", "ip-address"],
    ["single label", "localhostish", "single-label"],
    ["empty label", "a..example", "bad-label"],
    ["label over 63", `${"a".repeat(64)}.example`, "bad-label"],
    ["name over 253", `${"abcdefghi.".repeat(26)}com`, "too-long"],
    ["bad character", "exa mple.com extra", "not-a-host-name"],
    ["URL", "example.com/path", "not-a-host-name"],
    ["adblock with modifier", "||example.com^$third-party", "unsupported-rule"],
    ["adblock path", "||example.com/ads^", "unsupported-rule"],
    ["exception rule", "@@||example.com^", "unsupported-rule"],
    ["regex rule", "/ads[0-9]+/", "unsupported-rule"],
    ["dnsmasq match-all", "address=/#/0.0.0.0", "unsupported-rule"],
    ["numeric top label", "example.123", "ip-address"],
  ])("%s", (_, line, reason) => {
    const { names, report } = parse(`good.example\n${line}\n`);
    expect(names).toEqual(["good.example"]);
    expect(report.rejected).toBe(1);
    expect(report.reasons).toEqual({ [reason]: 1 });
    expect(report.samples[0]).toMatchObject({ line: 2, reason });
  });

  it("keeps counting past the sample limit", () => {
    const { report } = parse("bad\n".repeat(80));
    expect(report.rejected).toBe(80);
    expect(report.samples).toHaveLength(50);
    expect(report.samples[49]?.line).toBe(50);
  });
});
