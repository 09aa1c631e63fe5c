import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

const root = join(import.meta.dirname, "../..");

/**
 * `scripts/start.sh` (what `./run start` runs) as a child process group on free ports, with its
 * own state folder, its output collected for the test to wait on.
 */
export class QuickStartRun {
  output = "";
  readonly work = mkdtempSync(join(tmpdir(), "fenceline-quick-start-"));
  readonly ports = { hub: 0, dns: 0, http: 0 };
  private child: ChildProcess | null = null;

  /** Starts it; `env` adds to (and overrides) the ports and state folder given here. */
  async start(env: Record<string, string>): Promise<this> {
    this.ports.hub = await freePort();
    this.ports.dns = await freePort();
    this.ports.http = await freePort();
    const child = spawn("bash", ["scripts/start.sh"], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        FENCELINE_VAR: join(this.work, "var"),
        FENCELINE_HUB_PORT: String(this.ports.hub),
        FENCELINE_DNS_PORT: String(this.ports.dns),
        FENCELINE_AGENT_HTTP_PORT: String(this.ports.http),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.child = child;
    return this;
  }

  get dns(): { host: string; port: number } {
    return { host: "127.0.0.1", port: this.ports.dns };
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const started = Date.now();
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out waiting for ${pattern}; output:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ctrl-C, as a person at the terminal would; resolves with the exit code. */
  interrupt(): Promise<number | null> {
    const child = this.child as ChildProcess;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(-(child.pid as number), "SIGINT");
    return exited;
  }

  /** Whatever is left of it, at once (after a failed test). */
  kill(): void {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-(this.child.pid as number), "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
