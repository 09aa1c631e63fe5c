import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, TYPE } from "./support/dns-client.ts";
import { hasNamed, type NamedServer, startNamed } from "./support/named-server.ts";

// The harness the conformance tests stand on: a real BIND 9 serving a zone written here.
describe.skipIf(!hasNamed())("a BIND 9 server for tests", () => {
  let named: NamedServer;
  beforeAll(async () => {
    named = await startNamed([{ name: "school.local", records: "dc1 IN A 10.0.0.10\n" }]);
  });
  afterAll(async () => {
    await named?.stop();
  });

  it("answers from the zone it was given, authoritatively, and logs what it was asked", async () => {
    const reply = await ask({ host: "127.0.0.1", port: named.port }, "dc1.school.local", { type: TYPE.A });
    expect(reply.rcode).toBe(0);
    expect(reply.answers.map((a) => a.address)).toEqual(["10.0.0.10"]);
    const missing = await ask({ host: "127.0.0.1", port: named.port }, "nobody.school.local", { type: TYPE.A });
    expect(missing.rcode).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(named.queriedNames()).toEqual(expect.arrayContaining(["dc1.school.local", "nobody.school.local"]));
  });
});
