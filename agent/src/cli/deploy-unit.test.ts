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

  it("keeps Node's compile cache in the directory systemd gives the service", () => {
    expect(unit).toMatch(/^CacheDirectory=fenceline$/m);
    expect(unit).toMatch(/^Environment=NODE_COMPILE_CACHE=\/var\/cache\/fenceline\//m);
  });
});
