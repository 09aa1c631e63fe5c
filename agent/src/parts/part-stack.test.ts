import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { PartStack } from "./part-stack.ts";

const log = pino({ level: "silent" });

describe("part stack", () => {
  it("stops parts in the reverse of their start order, and each once", async () => {
    const stopped: string[] = [];
    const parts = new PartStack(log);
    const part = (name: string) => ({ name, stop: () => void stopped.push(name) });
    await parts.start(part("outbox"));
    const core = await parts.start(Promise.resolve(part("core")));
    expect(core.name).toBe("core");
    await parts.start(part("http"));
    await parts.stop();
    await parts.stop();
    expect(stopped).toEqual(["http", "core", "outbox"]);
  });

  it("keeps stopping the others when one fails to stop", async () => {
    const stopped: string[] = [];
    const parts = new PartStack(log);
    await parts.start({ stop: () => void stopped.push("first") });
    await parts.start({
      stop: () => {
        throw new Error("stuck");
      },
    });
    await parts.start({ stop: async () => void stopped.push("last") });
    await parts.stop();
    expect(stopped).toEqual(["last", "first"]);
  });
});
