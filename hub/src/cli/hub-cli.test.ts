import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../services/password.ts";
import { openHubStores } from "../store/open-stores.ts";
import { openSqlInspector } from "../store/sql-inspector.ts";
import { hubMain } from "./hub-cli.ts";

async function run(args: string[]) {
  let out = "";
  let err = "";
  const code = await hubMain(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("fenceline-hub CLI", () => {
  const work = mkdtempSync(join(tmpdir(), "fenceline-hub-cli-"));
  const database = join(work, "hub.sqlite");
  const config = join(work, "hub.yaml");
  writeFileSync(config, `listen: "127.0.0.1:0"\ndatabase: ${database}\n`);
  const addUser = (email: string, name: string, role: string) =>
    run(["users", "add", "--config", config, "--email", email, "--name", name, "--role", role]);

  it("creates the first administrator with a one-time password, audited", async () => {
    const added = await addUser("ict@school.test", "ICT", "ict-admin");
    expect(added.code).toBe(0);
    const password = added.out.trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    const stores = openHubStores(database);
    const user = stores.users.byEmail("ict@school.test");
    expect(user?.role).toBe("ict-admin");
    expect(await verifyPassword(password, user?.passwordHash as string)).toBe(true);
    expect(stores.audit.page(0, 10)).toMatchObject([
      { actor: "system:cli", action: "user.created", target: "ict@school.test" },
    ]);
    stores.close();
  });

  it("refuses an unknown role and a duplicate email", async () => {
    expect((await addUser("a@b.test", "A", "superuser")).code).toBe(2);
    const again = await addUser("ict@school.test", "ICT", "dsl");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists already/);
  });

  it("verifies the audit chain, and reports tampering with exit code 3", async () => {
    await run(["sites", "add", "--config", config, "school-a", "School", "A"]);
    const ok = await run(["audit", "verify", "--config", config]);
    // The site's creation, and its default report schedules.
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/intact: 3 entries/) });
    const db = openSqlInspector(database);
    db.exec("DROP TRIGGER audit_log_append_only; UPDATE audit_log SET actor = 'someone else' WHERE seq = 1");
    db.close();
    const bad = await run(["audit", "verify", "--config", config]);
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/TAMPERED: entry 1/);
  });

  it("reports a bad configuration and exits 1", async () => {
    const broken = join(work, "broken.yaml");
    writeFileSync(broken, "listen: nowhere\ndatabase: x\nsmtp: { host: h }\n");
    const result = await run(["audit", "verify", "--config", broken]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/listen/);
    expect(result.err).toMatch(/smtp.from/);
  });

  it("refuses to start on a response rules file that is not valid, naming the file and the problem", async () => {
    const rules = join(work, "response-rules.yaml");
    writeFileSync(rules, "schemaVersion: 1\nauthorities: [police, the-vicar]\nparentsDecidedNotNeedsReason: true\n");
    const withRules = join(work, "with-rules.yaml");
    writeFileSync(
      withRules,
      `listen: "127.0.0.1:0"\ndatabase: ${join(work, "rules.sqlite")}\nresponseRules: ${rules}\n`,
    );
    const result = await run(["start", "--config", withRules]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`cannot start: ${rules}: response rules are invalid`);
    expect(result.err).toMatch(/authorities/);
    expect(result.err).toMatch(/rules/);
  });
});
