import type { Logger } from "pino";

/** A running piece of the agent: whatever it started (sockets, timers, threads, files) ends with stop(). */
export interface Part {
  stop(): void | Promise<void>;
}

/**
 * The agent's parts, stopped in the reverse of the order they started: a part stops before the
 * parts it leans on. If one fails to start, the caller stops the ones already running.
 */
export class PartStack {
  private readonly running: Part[] = [];
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  /** Waits for a part to start and keeps it for stop(). */
  async start<T extends Part>(starting: T | Promise<T>): Promise<T> {
    const part = await starting;
    this.running.push(part);
    return part;
  }

  /** Stops every running part, last started first; one that fails to stop does not keep the others running. */
  async stop(): Promise<void> {
    for (let part = this.running.pop(); part; part = this.running.pop()) {
      try {
        await part.stop();
      } catch (error) {
        this.log.error({ err: error }, "a part of the agent failed to stop");
      }
    }
  }
}
