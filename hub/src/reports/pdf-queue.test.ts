import { describe, expect, it } from "vitest";
import { PdfQueue } from "./pdf-queue.ts";

const later = () => {
  let resolve: (value: string) => void = () => {};
  const promise = new Promise<string>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe("PdfQueue", () => {
  it("prints one at a time, in order, and refuses beyond its length", async () => {
    const queue = new PdfQueue(1);
    const first = later();
    const running: string[] = [];
    const a = queue.run(() => {
      running.push("a");
      return first.promise;
    });
    const b = queue.run(async () => {
      running.push("b");
      return "b";
    });
    expect(() => queue.run(async () => "c")).toThrow(/printing other PDFs/);
    await Promise.resolve();
    expect(running).toEqual(["a"]);
    first.resolve("a");
    expect(await a).toBe("a");
    expect(await b).toBe("b");
    expect(running).toEqual(["a", "b"]);
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.size).toBe(0);
  });

  it("goes on after a failed print", async () => {
    const queue = new PdfQueue(2);
    await expect(queue.run(() => Promise.reject(new Error("crash")))).rejects.toThrow("crash");
    expect(await queue.run(async () => "ok")).toBe("ok");
  });
});
