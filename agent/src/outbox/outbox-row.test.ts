import { describe, expect, it } from "vitest";
import type { OutcomeEvent } from "../events/outcome-event.ts";
import { outboxRow } from "./outbox-row.ts";

const event = (n: number) => ({ name: `n${n}.example` }) as unknown as OutcomeEvent;

describe("outboxRow", () => {
  it("gives each event a unique id that rises with the order it was made in, across rows", async () => {
    const first = JSON.parse(outboxRow([event(1), event(2), event(3)]).body) as { id: string; name: string }[];
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = JSON.parse(outboxRow([event(4), event(5)]).body) as { id: string }[];
    const ids = [...first, ...second].map((e) => e.id);
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The id's first 48 bits are the time it was made, in milliseconds.
    const made = Number.parseInt(ids[0]?.replaceAll("-", "").slice(0, 12) as string, 16);
    expect(Math.abs(made - Date.now())).toBeLessThan(60_000);
    expect(first.map((e) => e.name)).toEqual(["n1.example", "n2.example", "n3.example"]);
  });
});
