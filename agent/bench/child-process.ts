import type { ChildProcess } from "node:child_process";

/** Stops a server and waits until it has exited, so the next one gets its port. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** taskset execs the server, so the child's pid is the server's. */
export function serverPid(child: ChildProcess): number {
  if (!child.pid) throw new Error("server did not start");
  return child.pid;
}

/** Whether `name` or a name it is under is in `blocked`. */
export function isBlocked(name: string, blocked: Set<string>): boolean {
  for (let suffix = name; ; ) {
    if (blocked.has(suffix)) return true;
    const dot = suffix.indexOf(".");
    if (dot < 0) return false;
    suffix = suffix.slice(dot + 1);
  }
}
