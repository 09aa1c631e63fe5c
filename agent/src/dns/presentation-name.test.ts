import { describe, expect, it } from "vitest";
import { labelsQueryPacket } from "../../../test/support/dns-client.ts";
import { parseQueryPacket, type QueryPacket } from "./query-packet.ts";

const nameOf = (labels: string[]) => (parseQueryPacket(labelsQueryPacket(labels, 1, 1)) as QueryPacket).name;

describe("query names in presentation form", () => {
  it("reads plain names as they are, lower-cased", () => {
    expect(nameOf(["WWW", "Example", "ORG"])).toBe("www.example.org");
    expect(nameOf([])).toBe("");
  });

  it("escapes a dot or backslash inside a label, and unprintable bytes, so no two names read alike", () => {
    expect(nameOf(["a.b", "com"])).toBe("a\\.b.com");
    expect(nameOf(["a", "b", "com"])).toBe("a.b.com");
    expect(nameOf(["a\\b", "COM"])).toBe("a\\\\b.com");
    expect(nameOf(["a b\u0000\u00ff", "com"])).toBe("a\\032b\\000\\255.com");
  });
});
