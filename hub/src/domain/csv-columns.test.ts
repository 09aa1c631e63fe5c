import { describe, expect, it } from "vitest";
import { DEVICE_COLUMNS, deviceKindOf, guessMapping, PERSON_COLUMNS, personKindOf, tagsOf } from "./csv-columns.ts";

describe("guessing a mapping from an export's header row", () => {
  it.each([
    [
      "SIMS",
      ["Legal Forename", "Legal Surname", "UPN", "Year", "Reg Group"],
      {
        firstName: "Legal Forename",
        lastName: "Legal Surname",
        externalId: "UPN",
        yearGroup: "Year",
        tutorGroup: "Reg Group",
      },
    ],
    [
      "Google Workspace",
      ["First Name [Required]", "Last Name [Required]", "Email Address [Required]", "Org Unit Path [Required]"],
      {
        firstName: "First Name [Required]",
        lastName: "Last Name [Required]",
        username: "Email Address [Required]",
        tutorGroup: "Org Unit Path [Required]",
      },
    ],
    [
      "Entra ID",
      ["displayName", "userPrincipalName", "department", "employeeId"],
      { displayName: "displayName", username: "userPrincipalName", yearGroup: "department", externalId: "employeeId" },
    ],
  ])("%s", (_name, headers, expected) => {
    expect(guessMapping(PERSON_COLUMNS, headers)).toEqual(expected);
  });

  it("guesses a device inventory's columns", () => {
    expect(guessMapping(DEVICE_COLUMNS, ["Serial Number", "Wi-Fi MAC", "Device Name", "Assigned User"])).toEqual({
      mac: "Wi-Fi MAC",
      hostname: "Device Name",
      ownerUsername: "Assigned User",
      label: "Serial Number",
    });
  });
});

describe("reading values", () => {
  it.each([
    ["Student", "pupil"],
    ["learners", "pupil"],
    ["Teaching Staff", "staff"],
    ["Employee", "staff"],
    ["Guest", "visitor"],
    ["Robot", null],
  ])("person kind %s → %s", (text, kind) => {
    expect(personKindOf(text)).toBe(kind);
  });

  it.each([
    ["Dell Latitude Laptop", "laptop"],
    ["Acer Chromebook 314", "chromebook"],
    ["iPad Air", "tablet"],
    ["Optiplex Desktop", "desktop"],
    ["iPhone 13", "phone"],
    ["Printer", "other"],
  ])("device kind %s → %s", (text, kind) => {
    expect(deviceKindOf(text)).toBe(kind);
  });

  it("splits tags on semicolons, pipes and commas", () => {
    expect(tagsOf(" sen; eal |pp,, ")).toEqual(["sen", "eal", "pp"]);
  });
});
