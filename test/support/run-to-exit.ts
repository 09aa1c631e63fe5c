import { spawn } from "node:child_process";

/**
 * Runs a command line that is expected to stop by itself (`node <script> <args>`), collecting its
 * standard error; kills it after `limitMs` so that one that lingers fails its test (exit code null).
 */
export async function runToExit(
  script: string,
  args: string[],
  limitMs = 15_000,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stderr };
}
