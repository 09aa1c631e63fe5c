import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./open-database.ts";
import { type HubStores, openHubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const INCIDENT = (client: string, state: string, personId: string) => `
  INSERT INTO incidents (site_id, client_address, client_group, category, auto_severity, severity, state, illegal,
    opened_at, first_seen, last_seen, event_count, person_id)
    VALUES ('school-a', '${client}', 'students', 'gambling', 'medium', 'medium', '${state}', 0,
      '2026-11-20', '2026-11-20', '2026-11-20', 1, ${personId});`;

describe("schema step 22 (shared state)", () => {
  it("gives the engine's key to the newest open filter incident of each subject and category only", () => {
    const { stores: fresh, file } = openTempStores();
    fresh.close();
    const path = file.replace(/hub\.sqlite$/, "hub-v21.sqlite");
    const db = openDatabase(path, 21);
    db.exec(`INSERT INTO sites VALUES ('school-a', 'Hillside', '2025-09-01T00:00:00.000Z');
      ${INCIDENT("10.0.0.7", "new", "NULL")}
      ${INCIDENT("10.0.0.7", "triage", "NULL")}
      ${INCIDENT("10.0.0.8", "closed", "NULL")}`);
    db.close();
    stores = openHubStores(path);
    expect(stores.incidents.byEngineKey("school-a|address:10.0.0.7|gambling")?.id).toBe(2);
    expect(stores.incidents.byEngineKey("school-a|address:10.0.0.8|gambling")).toBeUndefined();
    // The key is unique: a second incident cannot take it.
    const row = stores.incidents.get(1);
    expect(() =>
      stores.incidents.insert({ ...(row as NonNullable<typeof row>) }, "school-a|address:10.0.0.7|gambling"),
    ).toThrow(/UNIQUE/);
  });
});
