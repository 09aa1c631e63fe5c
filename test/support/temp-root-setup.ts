import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Global setup of every test project: the run's temporary files go under one folder of its own
 * (TMPDIR, which `os.tmpdir()`, Chromium and PostgreSQL's programs read), removed when the run
 * ends, so the folders the tests make and do not remove themselves (a store file a test leaves to
 * the process's end, a killed child's state) are not left behind run after run. The first project
 * to start makes it; the others find it in the environment.
 */
export default function useRunTempFolder(): (() => void) | undefined {
  if (process.env.FENCELINE_TEST_TMP) return undefined;
  const root = mkdtempSync(join(tmpdir(), "fenceline-test-run-"));
  // PostgreSQL's service user (the tests run as root here) must reach the cluster folders inside.
  chmodSync(root, 0o711);
  process.env.FENCELINE_TEST_TMP = root;
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
