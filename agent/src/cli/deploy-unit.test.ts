import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("the systemd unit", () => {
  const unit = read("../../deploy/fenceline-agent.service");

  it("runs the bundle that pnpm build writes", () => {
    const command = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? "";
    const script = command.split(" ").find((part) => part.startsWith("/opt/fenceline/")) ?? "";
    expect(script).toMatch(/\.mjs$/);
    expect(read("../../../scripts/build.mjs")).toContain(`outfile: "${script.replace("/opt/fenceline/", "")}"`);
    expect(command).toContain("start --config /etc/fenceline/agent.yaml");
  });

  it("gives Node only options this Node accepts (a bad one would stop the service starting)", () => {
    const command = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? "";
    const parts = command.split(" ");
    const nodeOptions = parts.slice(
      1,
      parts.findIndex((part) => part.startsWith("/opt/fenceline/")),
    );
    expect(nodeOptions).toContain("--heap-growing-percent=50");
    const run = spawnSync(process.execPath, [...nodeOptions, "-e", "0"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("is what ./run start runs: the same bundle with the same Node options", () => {
    const command = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? "";
    const parts = command.split(" ");
    const script = parts.findIndex((part) => part.startsWith("/opt/fenceline/"));
    const asStarted = `node ${parts.slice(1, script).join(" ")} ${(parts[script] ?? "").replace("/opt/fenceline/", "")}`;
    expect(read("../../../scripts/start.sh")).toContain(`agent_cli=(${asStarted})`);
  });

  it("keeps Node's compile cache in the directory systemd gives the service", () => {
    expect(unit).toMatch(/^CacheDirectory=fenceline$/m);
    expect(unit).toMatch(/^Environment=NODE_COMPILE_CACHE=\/var\/cache\/fenceline\//m);
  });
});
