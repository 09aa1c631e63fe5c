/** A resolver the agent forwards to. `exchange` sends a query and returns the raw response. */
export interface Upstream {
  /** `udp://1.1.1.1:53`, `tcp://...`, `https://.../dns-query`: for logs, metrics and health. */
  readonly url: string;
  exchange(query: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  close(): void;
}

export class UpstreamError extends Error {
  readonly code: "upstream-timeout" | "upstream-failed" | "upstream-bad-response";
  constructor(code: UpstreamError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
