import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DSL, evidenceHub, PDF, PNG } from "../testing/evidence-hub.ts";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString("utf8");

describe("an incident's evidence pack", () => {
  it("holds the record, events and context, alerts, referrals and attachments, with a manifest that checks", () => {
    const { hub, incidentId } = evidenceHub();
    const { actions, services } = hub;
    actions.incidents.addEntry(DSL, { id: incidentId, entry: { kind: "transition", to: "triaged" } });
    actions.incidents.addEntry(DSL, {
      id: incidentId,
      entry: { kind: "referral", agency: "lado", at: "2026-07-01T10:00:00Z", reference: "LADO-7" },
    });
    actions.evidence.attach(DSL, { id: incidentId, name: "chat.png", bytes: PNG });
    actions.evidence.attach(DSL, { id: incidentId, name: "letter.pdf", bytes: PDF });

    const pack = actions.evidence.pack(DSL, { id: incidentId });
    const files = unzipSync(pack.zip);
    const attachmentNames = [`attachments/${sha(PNG)}-chat.png`, `attachments/${sha(PDF)}-letter.pdf`];
    expect(Object.keys(files).sort()).toEqual(
      [
        "README.txt",
        "SHA256SUMS",
        "alerts.csv",
        "events.csv",
        "incident.json",
        "record.csv",
        "referrals.csv",
        ...attachmentNames,
      ].sort(),
    );
    expect(Buffer.from(files[attachmentNames[0] as string] ?? [])).toEqual(PNG);

    // SHA256SUMS: one "<hash>  <name>" line for every other file, each hash that file's.
    const manifest = text(files.SHA256SUMS);
    const lines = manifest.trimEnd().split("\n");
    expect(Object.keys(files)).toHaveLength(9);
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      const [, hash, name] = /^([0-9a-f]{64}) {2}(.+)$/.exec(line) ?? [];
      expect(hash).toBe(sha(files[name as string] ?? new Uint8Array([1])));
    }
    expect(pack.manifestSha256).toBe(sha(files.SHA256SUMS as Uint8Array));
    expect(services.audit.page(0, 100, "incident.evidence-pack")[0]).toMatchObject({
      target: `incident ${incidentId}`,
      detail: { manifestSha256: pack.manifestSha256, files: Object.keys(files).length },
    });

    // Times as the site reads them (London in July: BST), labelled, and in UTC.
    const record = text(files["record.csv"]);
    expect(record.split("\r\n")[0]).toBe("Entry,When (Europe/London),When (UTC),By,Kind,Content,Corrected by entry");
    expect(record).toContain("2026-07-01 10:30 BST,2026-07-01T09:30:00.000Z,dsl@school.test (u-dsl),transition");
    expect(record).toContain(`"{""sha256"":""${sha(PNG)}""`);
    const events = text(files["events.csv"]);
    expect(events).toMatch(/^incident,.*,2026-07-01 10:30 BST,2026-07-01T09:30:00\.000Z,10\.0\.0\.9,.*evidence\.test/m);
    expect(events).toMatch(/^context,.*,2026-07-01 10:10 BST,.*context\.test/m);
    expect(text(files["referrals.csv"])).toMatch(/lado,2026-07-01 11:00 BST,2026-07-01T10:00:00Z,LADO-7/);
    const readme = text(files["README.txt"]);
    expect(readme).toContain(`incident #${incidentId} at site school-a`);
    expect(readme).toContain("Made by dsl@school.test (u-dsl) on 2026-07-01 10:30 BST");
    expect(readme).toContain("sha256sum -c SHA256SUMS");
    const json = JSON.parse(text(files["incident.json"]));
    expect(json).toMatchObject({ schemaVersion: 1, timeZone: "Europe/London", incident: { id: incidentId } });
    expect(json.record.referrals).toHaveLength(1);
    expect(pack.fileName).toBe(`incident-${incidentId}-evidence-20260701T093000Z.zip`);
  });

  it("refuses to make a pack from an attachment whose stored file changed", async () => {
    const { hub, incidentId, folder } = evidenceHub();
    hub.actions.evidence.attach(DSL, { id: incidentId, name: "chat.png", bytes: PNG });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${folder}/${sha(PNG)}`, "changed behind the hub's back");
    expect(() => hub.actions.evidence.pack(DSL, { id: incidentId })).toThrow(/no longer matches its hash/);
  });
});
