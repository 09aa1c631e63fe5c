import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SigninHub, startSigninHub } from "./support/signin-hub.ts";

let h: SigninHub;
const token = {
  dsl: "fl_people-dsl-token-0123456789",
  ict: "fl_people-ict-token-0123456789",
  board: "fl_people-board-token-0123456789",
  dslOfB: "fl_people-dsl-of-b-token-0123456789",
};
const NAME = "Zebedee Quartermaine";
let personId = 0;
let deviceId = 0;

beforeAll(async () => {
  h = await startSigninHub();
  const { stores } = h.hub.services;
  for (const site of ["school-a", "school-b"]) h.hub.services.enrolment.createSite(site, site);
  grantToken(stores, token.dsl, "dsl");
  grantToken(stores, token.ict, "ict-admin");
  grantToken(stores, token.board, "board");
  grantToken(stores, token.dslOfB, "dsl", ["school-b"]);
  const person = await call("POST", "/api/sites/school-a/people", token.dsl, { displayName: NAME, username: "zq" });
  personId = ((await person.json()) as { id: number }).id;
  const device = await call("POST", "/api/sites/school-a/devices", token.dsl, {
    mac: "02:00:00:00:00:01",
    kind: "laptop",
    ownerId: personId,
  });
  deviceId = ((await device.json()) as { id: number }).id;
});
afterAll(async () => {
  await h?.close();
});

function call(method: string, path: string, bearer: string | null, body?: unknown, raw?: string) {
  return fetch(`${h.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("people and devices over real HTTP: refusals", () => {
  const paths = () => [
    ["GET", "/api/sites/school-a/people"],
    ["GET", `/api/sites/school-a/people/${personId}`],
    ["GET", "/api/sites/school-a/devices"],
    ["GET", `/api/sites/school-a/devices/${deviceId}`],
    ["POST", "/api/sites/school-a/people/import"],
  ];

  it("refuses a request without a credential (401)", async () => {
    for (const [method, path] of paths()) expect((await call(method as string, path as string, null)).status).toBe(401);
  });

  it("refuses roles without the permission (403): ICT for people, the board for everything", async () => {
    expect((await call("GET", "/api/sites/school-a/people", token.ict)).status).toBe(403);
    expect((await call("GET", `/api/sites/school-a/people/${personId}`, token.ict)).status).toBe(403);
    for (const [method, path] of paths())
      expect((await call(method as string, path as string, token.board)).status).toBe(403);
  });

  it("tells a user of another site that the site's people and devices do not exist (404), naming nobody", async () => {
    for (const [method, path] of paths()) {
      const response = await call(
        method as string,
        path as string,
        token.dslOfB,
        method === "POST" ? { csv: "Name\nX\n", mapping: { displayName: "Name" } } : undefined,
      );
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(NAME);
    }
    // And school-a's person is not found at school-b, by id, even for a DSL of every site.
    expect((await call("GET", `/api/sites/school-b/people/${personId}`, token.dsl)).status).toBe(404);
  });

  it("refuses an oversized body (413) and a file over the import's limit (413)", async () => {
    const huge = await call(
      "POST",
      "/api/sites/school-a/people/import",
      token.dsl,
      undefined,
      `{"csv":"${"x".repeat(9 * 1024 * 1024)}"}`,
    );
    expect(huge.status).toBe(413);
    const overLimit = await call("POST", "/api/sites/school-a/people/import", token.dsl, {
      csv: `Name\n${"x".repeat(5 * 1024 * 1024)}\n`,
      mapping: { displayName: "Name" },
    });
    expect(overLimit.status).toBe(413);
    const personTooBig = await call("POST", "/api/sites/school-a/people", token.dsl, {
      displayName: "x".repeat(2 * 1024 * 1024),
    });
    expect(personTooBig.status).toBe(413);
  });

  it("answers a bad CSV with 400 and the line numbers", async () => {
    const broken = await call("POST", "/api/sites/school-a/people/import", token.dsl, {
      csv: 'Name,UPN\nAda,A1\n"Bea,A2\n',
      mapping: { displayName: "Name" },
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(await broken.json())).toMatch(/line 3/);
    const wrongLines = await call("POST", "/api/sites/school-a/people/import", token.dsl, {
      csv: "Name,Type\nAda,Student\nBo,Robot\n,Student\n",
      mapping: { displayName: "Name", kind: "Type" },
      dryRun: true,
    });
    expect(wrongLines.status).toBe(200);
    expect(((await wrongLines.json()) as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3, 4]);
    const noColumn = await call("POST", "/api/sites/school-a/people/import", token.dsl, {
      csv: "Name\nAda\n",
      mapping: { displayName: "Full name" },
    });
    expect(noColumn.status).toBe(400);
  });
});

describe("ICT never sees a name", () => {
  it("devices come with owners as pseudonyms; setting or importing an owner is refused; the audit holds no name", async () => {
    for (const path of ["/api/sites/school-a/devices", `/api/sites/school-a/devices/${deviceId}`]) {
      const response = await call("GET", path, token.ict);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(NAME);
      expect(text).toMatch(/"pseudonym":"client-/);
      expect(text).not.toContain(`"ownerId"`);
    }
    const setOwner = await call("PUT", `/api/sites/school-a/devices/${deviceId}`, token.ict, { ownerId: personId });
    expect(setOwner.status).toBe(403);
    const importOwner = await call("POST", "/api/sites/school-a/devices/import", token.ict, {
      csv: "MAC,User\n02:00:00:00:00:09,zq\n",
      mapping: { mac: "MAC", ownerUsername: "User" },
    });
    expect(importOwner.status).toBe(403);
    const relabel = await call("PUT", `/api/sites/school-a/devices/${deviceId}`, token.ict, {
      mac: "02:00:00:00:00:01",
      kind: "laptop",
      label: "Trolley 1",
    });
    expect(relabel.status).toBe(200);
    const dsl = (await (await call("GET", `/api/sites/school-a/devices/${deviceId}`, token.dsl)).json()) as {
      owner: { displayName: string };
    };
    expect(dsl.owner.displayName).toBe(NAME);
    const audit = JSON.stringify(h.audit(""));
    expect(audit).toContain(`person:${personId}`);
    expect(audit).not.toContain("Zebedee");
  });
});
