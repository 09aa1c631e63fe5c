import { afterEach, describe, expect, it, vi } from "vitest";
import { IdentityFeed } from "./identity-feed.ts";
import type { IdentityChange } from "./identity-map.ts";

const ann = { user: "ann", login: "ann", mac: null, session: "a", source: "10.0.0.2", expiresAt: 1 };

describe("IdentityFeed", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the changes of a quarter of a second as one message, the last per address winning", () => {
    vi.useFakeTimers();
    const sent: IdentityChange[][] = [];
    const feed = new IdentityFeed((changes) => sent.push(changes));
    feed.push(["10.0.0.1", ann]);
    feed.push(["10.0.0.2", ann]);
    feed.push(["10.0.0.1", null]);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([
      [
        ["10.0.0.1", null],
        ["10.0.0.2", ann],
      ],
    ]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(1);
  });

  it("sends nothing when nothing changed, and nothing after stop", () => {
    vi.useFakeTimers();
    const sent: IdentityChange[][] = [];
    const feed = new IdentityFeed((changes) => sent.push(changes));
    feed.flush();
    feed.push(["10.0.0.1", ann]);
    feed.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
