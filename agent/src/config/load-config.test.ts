import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config.ts";

const work = mkdtempSync(join(tmpdir(), "fenceline-config-"));
const write = (text: string) => {
  const path = join(work, `c${Math.random()}.yaml`);
  writeFileSync(path, text);
  return path;
};

describe("agent configuration", () => {
  it("accepts the example file", async () => {
    const config = await loadConfig(new URL("../../config.example.yaml", import.meta.url).pathname);
    expect(config.policy.groups.map((g) => g.id)).toEqual(["students", "staff", "guests"]);
    expect(config.listen[0]).toBe("127.0.0.1:5353");
    // None active: the quick start runs on this file, and its agent must ask no domain controller.
    expect(config.forwardZones).toEqual([]);
  });

  it("accepts the example file's forward zones once uncommented", async () => {
    const example = readFileSync(new URL("../../config.example.yaml", import.meta.url), "utf8");
    const block = example.match(/^# {3}forwardZones:\n(?:# {5}.*\n)+/m)?.[0] ?? "";
    const uncommented = example.replace("forwardZones: []\n", "").replace(block, block.replace(/^# {3}/gm, ""));
    const file = join(mkdtempSync(join(tmpdir(), "fenceline-config-")), "agent.yaml");
    writeFileSync(file, uncommented);
    const config = await loadConfig(file);
    expect(config.forwardZones.map((z) => [z.zone, z.upstreams.length, z.allowByDefault])).toEqual([
      ["school.local", 2, false],
      ["10.in-addr.arpa", 2, false],
    ]);
  });

  it("refuses forward zones that are not domain names, without upstreams, or listed twice", async () => {
    const path = write(
      `listen: ["127.0.0.1:53"]\nupstreams: ["udp://1.1.1.1"]\nsnapshot: x\nforwardZones:\n  - { zone: "not a name", upstreams: ["udp://10.0.0.10"] }\n  - { zone: School.Local., upstreams: [] }\n  - { zone: school.local, upstreams: ["udp://10.0.0.10"] }\npolicy:\n  defaultGroup: a\n  groups:\n    - { id: a, kind: guest }\n`,
    );
    const error = await loadConfig(path).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/forwardZones\.0\.zone/);
    expect(error.message).toMatch(/forwardZones\.1\.upstreams/);
    expect(error.message).toMatch(/zone "school\.local" is listed twice/);
  });

  it("accepts the example file's RADIUS accounting once uncommented, with its defaults", async () => {
    const example = readFileSync(new URL("../../config.example.yaml", import.meta.url), "utf8");
    const block = example.match(/^# identity:\n(?:# {2}.*\n)+/m)?.[0] ?? "";
    expect(block).not.toBe("");
    const config = await loadConfig(write(example.replace(block, block.replace(/^# /gm, ""))));
    expect(config.identity?.radius).toEqual({
      listen: "0.0.0.0:1813",
      clients: [{ address: "10.0.0.2", secretFile: "/etc/fenceline/radius-secret" }],
      leaseSeconds: 28_800,
      maxAddresses: 65_536,
    });
  });

  it.each([
    ["neither secret nor secretFile", "{ address: 10.0.0.2 }"],
    ["both secret and secretFile", "{ address: 10.0.0.2, secret: s, secretFile: /f }"],
    ["an address that is not one", "{ address: controller.school, secret: s }"],
  ])("refuses a RADIUS client with %s", async (_, client) => {
    const example = readFileSync(new URL("../../config.example.yaml", import.meta.url), "utf8");
    await expect(loadConfig(write(`${example}identity: { radius: { clients: [${client}] } }\n`))).rejects.toThrow(
      /identity\.radius\.clients/,
    );
  });

  it("reads a config written as JSON like one in YAML, and flow-style YAML too", async () => {
    const yaml = await loadConfig(new URL("../../config.example.yaml", import.meta.url).pathname);
    expect(await loadConfig(write(JSON.stringify(yaml)))).toEqual(yaml);
    const flow = `{ listen: ["127.0.0.1:53"], upstreams: ["udp://9.9.9.9"], snapshot: s, policy: { defaultGroup: a, groups: [{ id: a, kind: staff }] } }`;
    expect((await loadConfig(write(flow))).listen).toEqual(["127.0.0.1:53"]);
  });

  it("reports every problem at once", async () => {
    const path = write(
      `listen: ["nowhere"]\nupstreams: []\nsnapshot: x\nbogus: 1\npolicy:\n  defaultGroup: nobody\n  timezone: Mars/Olympus\n  groups:\n    - { id: a, kind: pupil }\n`,
    );
    const error = await loadConfig(path).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/listen\.0: "nowhere" has no port/);
    expect(error.message).toMatch(/upstreams/);
    expect(error.message).toMatch(/Unrecognized key.*bogus/);
    expect(error.message).toMatch(/policy\.groups\.0\.kind/);
  });

  it("checks cross-field rules", async () => {
    const path = write(
      `listen: ["127.0.0.1:53"]\nupstreams: ["1.1.1.1"]\nsnapshot: x\npolicy:\n  defaultGroup: nobody\n  timezone: Mars/Olympus\n  groups:\n    - { id: a, kind: student }\n    - { id: a, kind: staff }\n`,
    );
    const error = await loadConfig(path).catch((e) => e);
    expect(error.problems).toEqual([
      'policy.defaultGroup: no group "nobody"',
      'policy.groups[1].id: duplicate group "a"',
      'policy.timezone: unknown time zone "Mars/Olympus"',
    ]);
  });

  it("takes no DNS listen address only for a roaming agent, which has doh", async () => {
    const base = `listen: []\nupstreams: ["udp://1.1.1.1"]\nsnapshot: x\npolicy:\n  defaultGroup: a\n  groups:\n    - { id: a, kind: guest }\n`;
    const error = await loadConfig(write(base)).catch((e) => e);
    expect(error.problems).toEqual([expect.stringMatching(/^listen: give an address .* only with doh/)]);
    const roaming = await loadConfig(write(`${base}doh: { cert: /etc/c.pem, key: /etc/k.pem }\n`));
    expect(roaming.doh).toEqual({ listen: "0.0.0.0:443", cert: "/etc/c.pem", key: "/etc/k.pem" });
  });

  it("explains YAML syntax errors with the line", async () => {
    const error = await loadConfig(write("listen: [\n")).catch((e) => e);
    expect(error.problems).toEqual([expect.stringMatching(/^line 2, column 1: Flow sequence/)]);
  });
});
