import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pino } from "pino";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import type { HubSettings } from "../hub-services.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { wireEvent } from "./wire-event.ts";

/** A small PNG (its signature and header), as a screenshot would start. */
export const PNG = Buffer.from("89504e470d0a1a0a0000000d494844520000000100000001080600000026", "hex");
/** A small PDF. */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

export const DSL: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };

/**
 * Test support: a hub over a real SQLite file (attachments in the folder beside it) with a clock
 * the test moves, school-a (Europe/London) and school-b, and one incident at school-a raised by a
 * flagged look-up with one context look-up before it.
 */
export function evidenceHub(settings: Partial<HubSettings> = {}) {
  const { stores, file } = openTempStores();
  const clock = { now: new Date("2026-07-01T09:30:00Z") };
  const hub = createHub({ stores, log: pino({ level: "silent" }), settings, now: () => clock.now });
  hub.services.alerts.notify = () => {};
  const { services } = hub;
  for (const site of ["school-a", "school-b"]) services.enrolment.createSite(site, site);
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const agent = { id: services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  const t = clock.now.getTime();
  services.ingest.ingest(agent, {
    schemaVersion: 1,
    events: [
      wireEvent({ time: t - 20 * 60_000, categories: ["games"], name: "context.test", clientAddress: "10.0.0.9" }),
      wireEvent({ time: t, categories: ["self-harm"], name: "evidence.test", clientAddress: "10.0.0.9" }),
    ],
  });
  const incidentId = hub.actions.incidents.list(DSL)[0]?.id as number;
  const folder = join(dirname(file), "attachments");
  const storedFiles = () => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  };
  return { hub, stores, file, clock, incidentId, folder, storedFiles };
}
