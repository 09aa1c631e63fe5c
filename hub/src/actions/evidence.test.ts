import { createHash } from "node:crypto";
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { DSL, evidenceHub, PDF, PNG } from "../testing/evidence-hub.ts";
import { SYSTEM_ACTOR } from "./access.ts";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof HubError ? error.code : String(error);
  }
  return "none";
};

describe("attachments on an incident", () => {
  it("stores the file by its hash, puts the hash in the record and the audit log, and gives it back", () => {
    const { hub, incidentId, storedFiles } = evidenceHub();
    const { actions, services } = hub;
    const added = actions.evidence.attach(DSL, { id: incidentId, name: "chat.png", bytes: PNG });
    expect(added.attachment).toMatchObject({ sha256: sha(PNG), size: PNG.length, mediaType: "image/png" });
    expect(storedFiles()).toEqual([sha(PNG)]);
    const entry = actions.incidents.view(DSL, { id: incidentId }).entries.find((e) => e.kind === "attachment");
    expect(entry).toMatchObject({ seq: added.seq, by: "dsl@school.test (u-dsl)", body: { sha256: sha(PNG) } });
    expect(services.audit.page(0, 100, "incident.attachment-added")[0]).toMatchObject({
      target: `incident ${incidentId}`,
      detail: { sha256: sha(PNG), mediaType: "image/png" },
    });
    const got = actions.evidence.download(DSL, { id: incidentId, sha256: sha(PNG) });
    expect(Buffer.from(got.bytes)).toEqual(PNG);
    expect(services.audit.page(0, 100, "incident.attachment-downloaded")).toHaveLength(1);
    expect(actions.evidence.list(DSL, { id: incidentId }).map((a) => a.name)).toEqual(["chat.png"]);
  });

  it("refuses what is not an accepted type, an empty file, an oversize one and a repeat, storing nothing", () => {
    const { hub, incidentId, storedFiles } = evidenceHub({ attachments: { maxBytes: 1024 } });
    const attach =
      (bytes: Uint8Array, name = "x") =>
      () =>
        hub.actions.evidence.attach(DSL, { id: incidentId, name, bytes });
    expect(codeOf(attach(Buffer.from("<html><script>alert(1)</script></html>"), "x.png"))).toBe(
      "unsupported-media-type",
    );
    expect(codeOf(attach(Buffer.from("4d5a9000", "hex"), "report.pdf"))).toBe("unsupported-media-type");
    expect(codeOf(attach(Buffer.alloc(0)))).toBe("invalid-request");
    expect(codeOf(attach(Buffer.concat([PNG, Buffer.alloc(2000)])))).toBe("payload-too-large");
    expect(storedFiles()).toEqual([]);
    attach(PDF, "letter.pdf")();
    expect(codeOf(attach(PDF, "again.pdf"))).toBe("conflict");
    expect(hub.actions.evidence.list(DSL, { id: incidentId })).toHaveLength(1);
    expect(storedFiles()).toEqual([sha(PDF)]);
  });

  it("is for the DSL roles at the incident's site only", () => {
    const { hub, incidentId } = evidenceHub();
    const { actions } = hub;
    actions.evidence.attach(DSL, { id: incidentId, name: "a.png", bytes: PNG });
    const as = (role: Actor["role"], sites: string[] | null = null): Actor => ({
      userId: `u-${role}`,
      email: `${role}@school.test`,
      role,
      sites,
    });
    for (const actor of [as("ict-admin"), as("board"), as("staff"), as("auditor")]) {
      expect(codeOf(() => actions.evidence.pack(actor, { id: incidentId }))).toBe("forbidden");
      expect(codeOf(() => actions.evidence.download(actor, { id: incidentId, sha256: sha(PNG) }))).toBe("forbidden");
      expect(codeOf(() => actions.evidence.attach(actor, { id: incidentId, name: "b", bytes: PDF }))).toBe("forbidden");
    }
    const otherSite = as("dsl", ["school-b"]);
    expect(codeOf(() => actions.evidence.pack(otherSite, { id: incidentId }))).toBe("not-found");
    expect(codeOf(() => actions.evidence.download(otherSite, { id: incidentId, sha256: sha(PNG) }))).toBe("not-found");
    expect(codeOf(() => actions.evidence.attach(otherSite, { id: incidentId, name: "b", bytes: PDF }))).toBe(
      "not-found",
    );
    const deputy = as("deputy-dsl");
    expect(actions.evidence.pack(deputy, { id: incidentId }).files).toContain(`attachments/${sha(PNG)}-a.png`);
    expect(codeOf(() => actions.evidence.download(DSL, { id: incidentId, sha256: "not-a-hash" }))).toBe(
      "invalid-request",
    );
    expect(codeOf(() => actions.evidence.download(DSL, { id: incidentId, sha256: sha(PDF) }))).toBe("not-found");
  });

  it("is refused on a closed incident, which must be reopened first", () => {
    const { hub, incidentId } = evidenceHub();
    hub.actions.incidents.addEntry(DSL, {
      id: incidentId,
      entry: { kind: "transition", to: "false-positive", note: "a test page" },
    });
    expect(codeOf(() => hub.actions.evidence.attach(DSL, { id: incidentId, name: "a.png", bytes: PNG }))).toBe(
      "conflict",
    );
  });

  it("goes with its incident at retention: the row, then the file no attachment names", () => {
    const { hub, clock, incidentId, folder, storedFiles } = evidenceHub({
      retention: { rawEventsDays: 30, aggregatesDays: 60, incidentsDays: 100, auditDays: 4000 },
    });
    const { actions } = hub;
    actions.evidence.attach(DSL, { id: incidentId, name: "a.png", bytes: PNG });
    actions.incidents.addEntry(DSL, {
      id: incidentId,
      entry: { kind: "transition", to: "no-further-action", note: "ok" },
    });
    clock.now = new Date(clock.now.getTime() + 50 * 86_400_000);
    expect(actions.retention.run(SYSTEM_ACTOR)).toMatchObject({ incidents: 0, attachments: 0 });
    expect(storedFiles()).toEqual([sha(PNG)]);
    clock.now = new Date(clock.now.getTime() + 100 * 86_400_000);
    // A file written in the last hour may be an upload not yet committed: this one was written long ago.
    const longAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(folder, sha(PNG)), longAgo, longAgo);
    // The incident, its record and attachment row; then its (append-only) events, now unheld; then the file.
    expect(actions.retention.run(SYSTEM_ACTOR)).toMatchObject({ incidents: 1, events: 2, attachments: 1 });
    expect(storedFiles()).toEqual([]);
  });
});
