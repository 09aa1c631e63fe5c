import { Agent, request } from "undici";
import { type Upstream, UpstreamError } from "./upstream.ts";

/** DNS over HTTPS (RFC 8484, POST application/dns-message) through one keep-alive undici agent. */
export class DohUpstream implements Upstream {
  readonly url: string;
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 });

  constructor(url: string) {
    this.url = url;
  }

  async exchange(query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      const response = await request(this.url, {
        method: "POST",
        dispatcher: this.agent,
        headers: { "content-type": "application/dns-message", accept: "application/dns-message" },
        body: query,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = new Uint8Array(await response.body.arrayBuffer());
      if (response.statusCode !== 200)
        throw new UpstreamError("upstream-failed", `${this.url}: HTTP ${response.statusCode}`);
      return body;
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      const timeout =
        (error as Error).name === "TimeoutError" || (error as { code?: string }).code === "UND_ERR_HEADERS_TIMEOUT";
      throw new UpstreamError(
        timeout ? "upstream-timeout" : "upstream-failed",
        `${this.url}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  close(): void {
    void this.agent.close();
  }
}
