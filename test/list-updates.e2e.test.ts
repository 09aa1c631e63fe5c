import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUEST, type Harness, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";

const work = mkdtempSync(join(tmpdir(), "fenceline-updates-"));
let body = "# adult list\nnew-block.test\nextra-1.test\nextra-2.test\nextra-3.test\n";
let mode: "ok" | "error" | "slow" = "ok";
const conditional: string[] = [];
const server = createServer((request, response) => {
  if (request.headers["if-none-match"]) conditional.push(String(request.headers["if-none-match"]));
  if (mode === "error") {
    response.statusCode = 500;
    return response.end("oops");
  }
  if (mode === "slow") return void setTimeout(() => response.end(body), 3000);
  const etag = `"${Buffer.from(body).toString("base64").slice(0, 16)}"`;
  if (request.headers["if-none-match"] === etag) {
    response.statusCode = 304;
    return response.end();
  }
  response.setHeader("etag", etag);
  response.end(body);
});

let h: Harness;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/adult.txt`;
  const manifest = join(work, "sources.yaml");
  writeFileSync(
    manifest,
    `schemaVersion: 1\nsources:\n  - { id: test-adult, kind: block, category: adult, description: d, url: "${url}", format: domains, licence: l, cadence: daily }\n`,
  );
  h = await startHarness({
    lists: { manifest, cacheDir: join(work, "cache"), timeoutSeconds: 1, maxShrink: 0.5, schedule: "0 0 1 1 *" },
  });
});
afterAll(async () => {
  await h.stop();
  server.close();
});

const blocked = async (name: string) => (await ask(h.dns, name, { from: GUEST })).rcode === 3;

describe("list updates", () => {
  it("fetches, compiles and swaps in new lists; the next fetch is a conditional GET", async () => {
    expect(await blocked("new-block.test")).toBe(false);
    const result = await h.agent.updateLists();
    expect(result).toMatchObject({ ok: true, errors: [] });
    expect(await blocked("new-block.test")).toBe(true);
    expect((await h.agent.updateLists()).ok).toBe(true);
    expect(conditional.length).toBe(1);
  });

  it.each([
    [
      "a server error",
      () => {
        mode = "error";
      },
      /HTTP 500/,
    ],
    [
      "a timeout",
      () => {
        mode = "slow";
      },
      /timeout|Timeout|aborted/i,
    ],
    [
      "an empty list",
      () => {
        body = "# nothing\n";
      },
      /empty/,
    ],
    [
      "garbage",
      () => {
        body = "<html>\n<body>gone</body>\n</html>\n";
      },
      /no host names/,
    ],
    [
      "a list that shrank by more than half",
      () => {
        body = "new-block.test\n";
      },
      /shrank from 4 to 1/,
    ],
  ])("keeps the lists in force on %s, reports it, and keeps answering", async (_, breakIt, message) => {
    breakIt();
    const result = await h.agent.updateLists();
    mode = "ok";
    body = "# adult list\nnew-block.test\nextra-1.test\nextra-2.test\nextra-3.test\n";
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(message);
    expect(await blocked("new-block.test")).toBe(true);
    expect((await ask(h.dns, "fine.test", { from: GUEST })).answers).toHaveLength(1);
    const health = (await (await fetch(`http://127.0.0.1:${h.httpPort}/health`)).json()) as {
      listsUpdate: { ok: boolean };
    };
    expect(health.listsUpdate.ok).toBe(false);
  });
});
