import { describe, expect, it } from "vitest";
import { ZoneTable } from "./zone-table.ts";

const table = new ZoneTable<string>([
  { zone: "school.local", pool: "dc", allowByDefault: false },
  { zone: "staff.school.local", pool: "staff-dc", allowByDefault: true },
  { zone: "1.10.in-addr.arpa", pool: "dc", allowByDefault: false },
]);

const routeOf = (name: string) => {
  const route = table.lookup(name);
  return route === null ? null : route.kind === "forward" ? `${route.pool}@${route.zone}` : `nx@${route.zone}`;
};

describe("zone table", () => {
  it.each([
    ["school.local", "dc@school.local"],
    ["dc1.school.local", "dc@school.local"],
    ["a.b.school.local", "dc@school.local"],
    ["staff.school.local", "staff-dc@staff.school.local"],
    ["x.staff.school.local", "staff-dc@staff.school.local"],
    ["xstaff.school.local", "dc@school.local"],
    ["notschool.local", null],
    ["local", null],
    ["example.com", null],
    ["school.local.example.com", null],
    ["", null],
    // Private reverse zones: NXDOMAIN, except the part a forward zone covers.
    ["5.1.10.in-addr.arpa", "dc@1.10.in-addr.arpa"],
    ["5.2.10.in-addr.arpa", "nx@10.in-addr.arpa"],
    ["1.1.168.192.in-addr.arpa", "nx@168.192.in-addr.arpa"],
    ["1.0.16.172.in-addr.arpa", "nx@16.172.in-addr.arpa"],
    ["1.0.31.172.in-addr.arpa", "nx@31.172.in-addr.arpa"],
    ["1.0.32.172.in-addr.arpa", null],
    ["1.0.15.172.in-addr.arpa", null],
    ["1.0.0.127.in-addr.arpa", "nx@127.in-addr.arpa"],
    ["1.1.254.169.in-addr.arpa", "nx@254.169.in-addr.arpa"],
    ["8.8.8.8.in-addr.arpa", null],
    ["in-addr.arpa", null],
    ["1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa", "nx@d.f.ip6.arpa"],
    ["0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa", "nx@8.e.f.ip6.arpa"],
    ["0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.b.e.f.ip6.arpa", "nx@b.e.f.ip6.arpa"],
    ["0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.e.f.ip6.arpa", null],
    [`1${".0".repeat(31)}.ip6.arpa`, "nx@1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa"],
    [`2${".0".repeat(31)}.ip6.arpa`, null],
    ["8.8.8.8.8.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.6.8.4.0.6.8.4.1.0.0.2.ip6.arpa", null],
  ])("routes %s to %s", (name, expected) => {
    expect(routeOf(name)).toBe(expected);
  });

  it("leaves a private reverse zone to a forward zone that holds it, however broad", () => {
    const broad = new ZoneTable<string>([{ zone: "in-addr.arpa", pool: "dc", allowByDefault: false }]);
    expect(broad.lookup("1.1.168.192.in-addr.arpa")).toMatchObject({ kind: "forward", zone: "in-addr.arpa" });
    expect(broad.lookup("1.0.0.d.f.ip6.arpa")).toMatchObject({ kind: "local-zone" });
  });

  it("says which names skip category blocking: those of a zone with allowByDefault only", () => {
    expect(table.allowsByDefault("wiki.staff.school.local")).toBe(true);
    expect(table.allowsByDefault("wiki.school.local")).toBe(false);
    expect(table.allowsByDefault("1.1.168.192.in-addr.arpa")).toBe(false);
    expect(table.allowsByDefault("example.com")).toBe(false);
  });

  it("lists each forward zone's resolvers once", () => {
    expect(table.pools().sort()).toEqual(["dc", "staff-dc"]);
  });
});
