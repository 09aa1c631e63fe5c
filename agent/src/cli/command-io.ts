import type { Readable } from "node:stream";

/** Where a command writes and reads, so tests can run commands in-process. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: () => Readable;
}
