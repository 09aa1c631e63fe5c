import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { findChromium } from "@fenceline/hub/src/reports/render-pdf.ts";
import { type Browser, chromium } from "playwright-core";

/** Where tests leave screenshots and PDFs for people to look at. */
export const ARTEFACTS = join(import.meta.dirname, "..", "artefacts");

/** Headless Debian Chromium through playwright-core; `scripts/ensure-test-packages.sh` installs it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error("Chromium is not installed: run scripts/ensure-test-packages.sh (apt-get install chromium)");
  mkdirSync(ARTEFACTS, { recursive: true });
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
}
