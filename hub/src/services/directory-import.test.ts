import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HubStores } from "../store/open-stores.ts";
import { openTempStores, seedAgent } from "../store/temp-stores.ts";
import { DeviceImportService } from "./device-import.ts";
import { DirectoryImportService } from "./directory-import.ts";

let stores: HubStores;
let people: DirectoryImportService;
let devices: DeviceImportService;
beforeEach(() => {
  ({ stores } = openTempStores());
  seedAgent(stores, "school-a");
  seedAgent(stores, "school-b");
  people = new DirectoryImportService(stores, () => new Date("2026-12-01T09:00:00Z"));
  devices = new DeviceImportService(stores, () => new Date("2026-12-01T09:00:00Z"));
});
afterEach(() => stores.close());

// A SIMS-like export: a byte-order mark, CRLF, a quoted name with a comma, a blank line.
const SIMS = [
  "\ufeffLegal Forename,Legal Surname,UPN,Email,Year,Reg Group,Type",
  "Ada,Lovelace,A100,ALovelace@school.test,Year 7,7B,Student",
  '"Grace, Jr",Hopper,A101,ghopper@school.test,Year 8,8C,Pupil',
  "",
  "Alan,Turing,A102,aturing@school.test,,,Teacher",
].join("\r\n");
const mapping = {
  firstName: "Legal Forename",
  lastName: "Legal Surname",
  externalId: "UPN",
  username: "Email",
  yearGroup: "Year",
  tutorGroup: "Reg Group",
  kind: "Type",
};
const run = (csv: string, dryRun: boolean, map: Record<string, string> = mapping) =>
  people.importPeople({ siteId: "school-a", csv, mapping: map, defaultKind: "pupil", dryRun });

describe("importing people from a directory export", () => {
  it("previews without storing, then adds; the same file again changes nothing", () => {
    const preview = run(SIMS, true);
    expect(preview.counts).toEqual({ add: 3, update: 0, unchanged: 0, error: 0 });
    expect(stores.people.all("school-a")).toHaveLength(0);
    expect(run(SIMS, false).counts).toEqual({ add: 3, update: 0, unchanged: 0, error: 0 });
    const stored = stores.people.all("school-a");
    expect(stored.map((p) => [p.displayName, p.kind, p.username, p.yearGroup])).toEqual([
      ["Ada Lovelace", "pupil", "alovelace@school.test", "Year 7"],
      ["Grace, Jr Hopper", "pupil", "ghopper@school.test", "Year 8"],
      ["Alan Turing", "staff", "aturing@school.test", null],
    ]);
    const again = run(SIMS, false);
    expect(again.counts).toEqual({ add: 0, update: 0, unchanged: 3, error: 0 });
    expect(stores.people.all("school-a").map((p) => p.updatedAt)).toEqual(stored.map((p) => p.updatedAt));
    expect(stores.people.all("school-b")).toHaveLength(0);
  });

  it("updates only the mapped fields, matching on external id, else on username", () => {
    run(SIMS, false);
    const moved = "UPN,Year\nA100,Year 8\n";
    const result = run(moved, false, { externalId: "UPN", displayName: "UPN", yearGroup: "Year" });
    expect(result.counts.update).toBe(1);
    expect(result.lines[0]).toMatchObject({ action: "update", changed: ["displayName", "yearGroup"] });
    expect(result.notInFile).toBe(2);
    const byLogin = run("Login,Name\nGHOPPER@school.test,Grace Hopper\n", false, {
      username: "Login",
      displayName: "Name",
    });
    expect(byLogin.counts.update).toBe(1);
    const grace = stores.people.byUsername("school-a", "ghopper@school.test");
    expect(grace).toMatchObject({ displayName: "Grace Hopper", externalId: "A101", tutorGroup: "8C" });
  });

  it("refuses a row whose username belongs to a person with another external id", () => {
    run(SIMS, false);
    const clash = run("UPN,Email,Name\nZ999,alovelace@school.test,Someone Else\n", true, {
      externalId: "UPN",
      username: "Email",
      displayName: "Name",
    });
    expect(clash.errors).toEqual([
      { line: 2, message: 'username "alovelace@school.test" belongs to a person with another external id' },
    ]);
  });

  it("reports each wrong line with its number and stores the rest", () => {
    const csv = [
      "Name,UPN,Type,Tags",
      "Ada,A1,Student,sen;eal",
      ",A2,Student,",
      "Bea,A3,Robot,",
      "Cy,A1,Student,",
      `Dee,${"x".repeat(101)},Student,`,
    ].join("\n");
    const result = run(csv, false, { displayName: "Name", externalId: "UPN", kind: "Type", tags: "Tags" });
    expect(result.counts).toEqual({ add: 1, update: 0, unchanged: 0, error: 4 });
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(result.errors[0]?.message).toMatch(/display name is needed/);
    expect(result.errors[1]?.message).toMatch(/"Robot" is not a pupil/);
    expect(result.errors[2]?.message).toMatch(/same person as line 2/);
    expect(stores.people.all("school-a").map((p) => p.tags)).toEqual([["sen", "eal"]]);
  });

  it("refuses a mapping to a column the file lacks, a file without a name column, broken CSV and oversized files", () => {
    expect(() => run(SIMS, true, { displayName: "Full Name" })).toThrow(/no column "Full Name"/);
    expect(() => run(SIMS, true, { externalId: "UPN" })).toThrow(/map a column to displayName/);
    expect(() => run('Name,UPN\nAda,A1\n"Bea,A2\n', true, { displayName: "Name" })).toThrow(/line 3/);
    expect(() => run(`Name\n${"x".repeat(5 * 1024 * 1024)}\n`, true, { displayName: "Name" })).toThrow(/over 5 MB/);
    const many = `Name\n${Array.from({ length: 20_001 }, (_, i) => `p${i}`).join("\n")}\n`;
    expect(() => run(many, true, { displayName: "Name" })).toThrow(/over 20000 rows/);
  });
});

describe("importing devices from an inventory export", () => {
  it("matches on the MAC in any form, finds owners by external id or username, and is idempotent", () => {
    run(SIMS, false);
    const csv = [
      "Serial,Wi-Fi MAC,Device Name,Assigned To,Model",
      "S1,AA-BB-CC-DD-EE-01,LAP-01,ALovelace@school.test,Dell Latitude Laptop",
      "S2,aabb.ccdd.ee02,IPAD-02,,iPad Air",
      "S3,not-a-mac,X,,",
      "S4,aa:bb:cc:dd:ee:03,Y,nobody@school.test,",
      "S5,AABBCCDDEE01,Z,,",
    ].join("\n");
    const map = {
      mac: "Wi-Fi MAC",
      hostname: "Device Name",
      ownerUsername: "Assigned To",
      kind: "Model",
      label: "Serial",
    };
    const first = devices.importDevices({ siteId: "school-a", csv, mapping: map, dryRun: false });
    expect(first.counts).toEqual({ add: 2, update: 0, unchanged: 0, error: 3 });
    expect(first.errors.map((e) => [e.line, e.message.slice(0, 30)])).toEqual([
      [4, 'mac: "not-a-mac" is not a MAC '],
      [5, "owner: nobody at this site has"],
      [6, "the same MAC as line 2"],
    ]);
    const lap = stores.devices.byMac("school-a", "aa:bb:cc:dd:ee:01");
    expect(lap).toMatchObject({ kind: "laptop", hostname: "LAP-01", label: "S1" });
    expect(lap?.ownerId).toBe(stores.people.byExternalId("school-a", "A100")?.id);
    expect(stores.devices.byMac("school-a", "aa:bb:cc:dd:ee:02")).toMatchObject({ kind: "tablet", ownerId: null });
    const again = devices.importDevices({ siteId: "school-a", csv, mapping: map, dryRun: false });
    expect(again.counts).toEqual({ add: 0, update: 0, unchanged: 2, error: 3 });
  });
});
