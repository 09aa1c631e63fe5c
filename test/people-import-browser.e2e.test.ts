import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS } from "./support/chromium.ts";
import { type GuidedHub, SITE, signInAs, startGuidedHub } from "./support/guided-incident.ts";

let g: GuidedHub;

beforeAll(async () => {
  g = await startGuidedHub(["dsl", "ict-admin"]);
}, 60_000);

afterAll(async () => {
  await g?.close();
});

// An Arbor-like export: "Tutor" is not a header the form guesses for the tutor group, so it is chosen by hand.
const EXPORT = [
  "First name,Last name,UPN,Username,Year group,Tutor,Type",
  "Ada,Lovelace,K100,ALovelace,Year 7,7B,Student",
  "Bea,Nameless,K101,bnameless,Year 7,7C,Robot",
  "Grace,Hopper,K102,GHopper,Year 8,8C,Student",
].join("\r\n");

const count = async (page: Page, what: string) => Number(await page.locator(`[data-count="${what}"]`).textContent());
const people = () => g.hub.hub.services.stores.people.all(SITE);

/** Uploads the export on the import page and reads its columns. */
async function upload(page: Page) {
  await page.goto(`${g.hub.url}/sites/${SITE}/people/import`);
  await page.locator("#file").setInputFiles({ name: "arbor.csv", mimeType: "text/csv", buffer: Buffer.from(EXPORT) });
  await page.getByRole("button", { name: "Read the columns" }).click();
  await page.waitForSelector("#map_displayName");
}

describe("importing people in the browser", () => {
  it("uploads, maps, previews the wrong line, imports, and a second import of the file changes nothing", async () => {
    const page = await signInAs(g, "dsl");
    await upload(page);
    // Guessed from the header row.
    expect(await page.locator("#map_firstName").inputValue()).toBe("First name");
    expect(await page.locator("#map_lastName").inputValue()).toBe("Last name");
    expect(await page.locator("#map_externalId").inputValue()).toBe("UPN");
    expect(await page.locator("#map_yearGroup").inputValue()).toBe("Year group");
    expect(await page.locator("#map_tutorGroup").inputValue()).toBe("");
    await page.locator("#map_tutorGroup").selectOption("Tutor");

    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForSelector('[data-count="add"]');
    expect(await count(page, "add")).toBe(2);
    expect(await count(page, "error")).toBe(1);
    const errors = page.locator("h2:has-text('Lines with errors') + div table tbody tr");
    expect(await errors.count()).toBe(1);
    expect(await errors.first().locator("td").first().textContent()).toBe("3");
    expect(await errors.first().textContent()).toMatch(/"Robot" is not a pupil/);
    expect(people()).toHaveLength(0);
    await page.screenshot({ path: join(ARTEFACTS, "people-import-preview.png"), fullPage: true });

    // The mapping chosen by hand is kept for the import itself.
    expect(await page.locator("#map_tutorGroup").inputValue()).toBe("Tutor");
    await page.getByRole("button", { name: "Import" }).click();
    await page.waitForSelector('[data-count="add"]');
    expect(await page.locator("p[role=status]").textContent()).toMatch(/^Imported/);
    expect(await count(page, "add")).toBe(2);
    expect(people().map((p) => [p.displayName, p.username, p.tutorGroup])).toEqual([
      ["Ada Lovelace", "alovelace", "7B"],
      ["Grace Hopper", "ghopper", "8C"],
    ]);

    await upload(page);
    await page.locator("#map_tutorGroup").selectOption("Tutor");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForSelector('[data-count="unchanged"]');
    expect(await count(page, "unchanged")).toBe(2);
    expect(await count(page, "add")).toBe(0);
    expect(await count(page, "update")).toBe(0);
    await page.getByRole("button", { name: "Import" }).click();
    await page.waitForSelector('[data-count="unchanged"]');
    expect(await count(page, "unchanged")).toBe(2);
    expect(people()).toHaveLength(2);

    await page.goto(`${g.hub.url}/sites/${SITE}/people?q=hopper`);
    await page.getByRole("link", { name: "Grace Hopper" }).click();
    expect(await page.locator("h1").textContent()).toBe("Grace Hopper");
    await page.close();
  }, 90_000);

  it("ICT sees the devices with owners as pseudonyms, never a name, and cannot open the people pages", async () => {
    const owner = people()[0];
    if (!owner) throw new Error("the first test imports the people");
    g.hub.hub.actions.devices.create(
      { userId: "system", email: "system", role: "ict-admin", sites: null, system: true },
      { siteId: SITE, device: { mac: "aa:bb:cc:00:00:01", kind: "laptop", ownerId: owner.id } },
    );
    const page = await signInAs(g, "ict-admin");
    await page.goto(`${g.hub.url}/sites/${SITE}/devices`);
    const list = (await page.content()) ?? "";
    expect(list).toContain("aa:bb:cc:00:00:01");
    expect(list).toMatch(/client-[A-Za-z0-9_-]{10}/);
    expect(list).not.toContain(owner.displayName);
    await page
      .getByRole("link", { name: /^Device \d+$/ })
      .first()
      .click();
    const device = await page.content();
    expect(device).not.toContain(owner.displayName);
    expect(device).not.toContain('name="ownerId"');
    const refused = await page.goto(`${g.hub.url}/sites/${SITE}/people`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator("nav").textContent()).toContain("People and devices");
    await page.close();
  }, 60_000);
});
