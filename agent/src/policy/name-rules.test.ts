import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSampleHost } from "@fenceline/shared/matcher";
import { describe, expect, it } from "vitest";
import { loadCheckSites } from "./name-rules.ts";

describe("the check's popular sites", () => {
  it("ship as plain host names", async () => {
    const sites = await loadCheckSites();
    expect(sites).toContain("www.bbc.co.uk");
    expect(sites.every(isSampleHost)).toBe(true);
  });

  it("refuse a file with a site that has no reason", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "fenceline-sites-")), "sites.yaml");
    writeFileSync(path, "schemaVersion: 1\nsites:\n  - name: www.example.com\n");
    await expect(loadCheckSites(path)).rejects.toThrow(/rules are invalid/);
  });
});
