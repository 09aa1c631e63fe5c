import { describe, expect, it } from "vitest";
import { authorisationFixture } from "../testing/authorisation-fixture.ts";

const fx = await authorisationFixture();
const site = fx.a;

/** A page as a role over every site sees it, or a form posted as that role. */
async function open(role: "dsl" | "ict-admin", path: string, form?: Record<string, string>) {
  const session = fx.sessions[role];
  return fx.hub.app.request(path, {
    method: form ? "POST" : "GET",
    headers: { cookie: session.cookie },
    ...(form ? { body: new URLSearchParams({ ...form, _csrf: session.csrf }) } : {}),
  });
}

describe("the people and device pages", () => {
  it("lists and searches people, shows a person with their devices, and saves an edit from the form", async () => {
    const list = await (await open("dsl", `/sites/${site.siteId}/people?q=${encodeURIComponent("Pupil of")}`)).text();
    expect(list).toContain(site.personName);
    const none = await (await open("dsl", `/sites/${site.siteId}/people?q=nobody-at-all`)).text();
    expect(none).toContain("Nobody matches.");
    const person = await (await open("dsl", `/sites/${site.siteId}/people/${site.personId}`)).text();
    expect(person).toContain(`<h1>${site.personName}</h1>`);
    expect(person).toContain(`/sites/${site.siteId}/devices/${site.deviceId}`);
    expect(person).toContain("Erase this person");
    const saved = await open("dsl", `/sites/${site.siteId}/people/${site.personId}`, {
      kind: "pupil",
      displayName: site.personName,
      yearGroup: "Year 9",
      tags: "sen, eal , sen",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(/done=Saved/);
    expect(fx.hub.services.stores.people.get(Number(site.personId))).toMatchObject({
      yearGroup: "Year 9",
      tags: ["sen", "eal"],
    });
    const added = await open("dsl", `/sites/${site.siteId}/people`, { kind: "staff", displayName: "New Teacher" });
    expect(added.headers.get("location")).toMatch(/done=Person\+\d+\+added/);
    const device = await open("dsl", `/sites/${site.siteId}/devices`, { mac: "02:00:00:00:00:5b", kind: "tablet" });
    expect(device.headers.get("location")).toMatch(/done=Device\+\d+\+added/);
    const refused = await open("dsl", `/sites/${site.siteId}/people/${site.personId}`, { displayName: "" });
    const error = new URL(refused.headers.get("location") ?? "", "http://hub").searchParams.get("error");
    expect(error).toMatch(/display name is needed/);
  });

  it("shows ICT the device with a pseudonymous owner and no owner field, and keeps the owner when ICT saves", async () => {
    const page = await (await open("ict-admin", `/sites/${site.siteId}/devices/${site.deviceId}`)).text();
    expect(page).not.toContain(site.personName);
    expect(page).toMatch(/<code>client-[A-Za-z0-9_-]{10}<\/code>/);
    expect(page).not.toContain('name="ownerId"');
    const saved = await open("ict-admin", `/sites/${site.siteId}/devices/${site.deviceId}`, {
      mac: "02-00-00-00-00-7a",
      kind: "chromebook",
      label: "Trolley 4",
    });
    expect(saved.status).toBe(303);
    expect(fx.hub.services.stores.devices.get(Number(site.deviceId))).toMatchObject({
      mac: "02:00:00:00:00:7a",
      kind: "chromebook",
      ownerId: Number(site.personId),
    });
    const list = await (await open("ict-admin", "/people")).text();
    expect(list).toContain(`/sites/${site.siteId}/devices`);
    expect(list).not.toContain(`/sites/${site.siteId}/people"`);
  });
});
