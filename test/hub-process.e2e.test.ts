import { mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runToExit } from "./support/run-to-exit.ts";

const hubBin = new URL("../hub/bin/fenceline-hub.mjs", import.meta.url).pathname;

describe("fenceline-hub start", () => {
  it("says in one line that its address is taken, and exits 1 rather than lingers", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-hub-process-"));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    const config = join(work, "hub.yaml");
    writeFileSync(config, `listen: "127.0.0.1:${port}"\ndatabase: ${join(work, "hub.sqlite")}\nlogLevel: fatal\n`);
    try {
      const { code, stderr } = await runToExit(hubBin, ["start", "--config", config]);
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /fenceline-hub: cannot start: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+\n$/,
      );
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
  });
});
