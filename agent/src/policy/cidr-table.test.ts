import { describe, expect, it } from "vitest";
import { CidrTable } from "./cidr-table.ts";

const table = new CidrTable([
  { cidr: "10.0.0.0/8", value: "guests" },
  { cidr: "10.1.0.0/16", value: "students" },
  { cidr: "10.1.5.0/24", value: "staff" },
  { cidr: "fd00::/8", value: "guests" },
  { cidr: "fd00:1::/32", value: "students" },
]);

describe("CidrTable", () => {
  it.each([
    ["10.9.9.9", "guests"],
    ["10.1.2.3", "students"],
    ["10.1.5.77", "staff"],
    ["::ffff:10.1.5.77", "staff"],
    ["192.168.0.1", null],
    ["fd00:1:2::9", "students"],
    ["fd12::1", "guests"],
    ["2001:db8::1", null],
    ["not an address", null],
  ])("%s → %s", (address, group) => {
    expect(table.lookup(address)).toBe(group);
  });

  it("rejects a bad block", () => {
    expect(() => new CidrTable([{ cidr: "10.0.0.0/33", value: "x" }])).toThrow(/bad prefix/);
  });
});
