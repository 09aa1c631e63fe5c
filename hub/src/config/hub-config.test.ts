import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HubConfigError, loadHubConfig } from "./hub-config.ts";

const work = mkdtempSync(join(tmpdir(), "fenceline-hub-config-"));

describe("hub configuration", () => {
  it("accepts the example file", () => {
    const example = fileURLToPath(new URL("../../config.example.yaml", import.meta.url));
    writeFileSync(join(work, "smtp-password"), "secret\n");
    const text = readFileSync(example, "utf8").replace("/etc/fenceline/smtp-password", join(work, "smtp-password"));
    writeFileSync(join(work, "example.yaml"), text);
    const config = loadHubConfig(join(work, "example.yaml"));
    expect(config).toMatchObject({ secureCookies: true, smtp: { port: 587 }, retention: { incidentsDays: 2190 } });
    expect(config.smtpPassword).toBe("secret");
  });

  it("fills defaults for a minimal file", () => {
    writeFileSync(join(work, "minimal.yaml"), 'listen: "127.0.0.1:8080"\ndatabase: x.sqlite\n');
    const config = loadHubConfig(join(work, "minimal.yaml"));
    // Left out: decided at start from the listen address (secure unless loopback).
    expect(config.secureCookies).toBeUndefined();
    expect(config).toMatchObject({
      auth: { lockoutAttempts: 5 },
      retention: { rawEventsDays: 90, schedule: "15 3 * * *" },
    });
  });

  it("stores on SQLite by default and on PostgreSQL when told, with what each needs", () => {
    const file = (name: string, text: string) => {
      writeFileSync(join(work, name), text);
      return join(work, name);
    };
    expect(loadHubConfig(file("sqlite.yaml", 'listen: "127.0.0.1:8080"\ndatabase: x.sqlite\n')).store).toBe("sqlite");
    const postgres = loadHubConfig(
      file(
        "postgres.yaml",
        'listen: "127.0.0.1:8080"\nstore: postgres\nauditKeyFile: /etc/fenceline/audit-key\npostgres: { url: "postgres://hub@db/fenceline", attachmentsFolder: /srv/fenceline/attachments }\n',
      ),
    );
    expect(postgres).toMatchObject({ store: "postgres", postgres: { url: "postgres://hub@db/fenceline" } });
    expect(() => loadHubConfig(file("none.yaml", 'listen: "127.0.0.1:8080"\n'))).toThrow(
      /database: the SQLite database file is needed/,
    );
    expect(() => loadHubConfig(file("pg-bare.yaml", 'listen: "127.0.0.1:8080"\nstore: postgres\n'))).toThrow(
      /store: postgres needs postgres/,
    );
    expect(() =>
      loadHubConfig(
        file(
          "pg-both.yaml",
          'listen: "127.0.0.1:8080"\nstore: postgres\nauditKeyFile: k\npostgres: { url: u, urlFile: f, attachmentsFolder: a }\n',
        ),
      ),
    ).toThrow(/give one of url and urlFile/);
    const withReplica = loadHubConfig(
      file(
        "pg-replica.yaml",
        'listen: "127.0.0.1:8080"\nstore: postgres\nauditKeyFile: k\npostgres: { url: u, replicaUrl: "postgres://reports@replica/fenceline", attachmentsFolder: a }\n',
      ),
    );
    expect(withReplica.postgres?.replicaUrl).toBe("postgres://reports@replica/fenceline");
    expect(() =>
      loadHubConfig(
        file(
          "pg-two-replicas.yaml",
          'listen: "127.0.0.1:8080"\nstore: postgres\nauditKeyFile: k\npostgres: { url: u, replicaUrl: r, replicaUrlFile: f, attachmentsFolder: a }\n',
        ),
      ),
    ).toThrow(/give at most one of replicaUrl and replicaUrlFile/);
  });

  it("reports every problem at once, unknown keys included", () => {
    writeFileSync(
      join(work, "bad.yaml"),
      "listen: 8080\ndatabase: ''\nadminTokenFile: x\nretention: { rawEventsDays: 0 }\n",
    );
    const error = (() => {
      try {
        loadHubConfig(join(work, "bad.yaml"));
      } catch (e) {
        return e as HubConfigError;
      }
    })();
    expect(error).toBeInstanceOf(HubConfigError);
    for (const field of ["listen", "database", "adminTokenFile", "retention"]) expect(error?.message).toContain(field);
  });

  it.each([
    ["a YAML syntax error, with its line and column", "listen: [\n", /line 2, column 1: /],
    [
      "a port out of range",
      'listen: "127.0.0.1:70000"\ndatabase: x\n',
      /listen: "127\.0\.0\.1:70000" has port 70000, past 65535/,
    ],
    [
      "an IPv6 address without brackets",
      'listen: "::1:8080"\ndatabase: x\n',
      /listen: .*IPv6 address goes in brackets/,
    ],
  ])("explains %s", (_what, text, message) => {
    const file = join(work, `case-${Math.random()}.yaml`);
    writeFileSync(file, text);
    expect(() => loadHubConfig(file)).toThrow(message);
  });
});
