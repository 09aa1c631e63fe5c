/** Where the command line writes: its standard output and error, or a test's buffers. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
