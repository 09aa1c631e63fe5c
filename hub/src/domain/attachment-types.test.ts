import { describe, expect, it } from "vitest";
import { safeAttachmentName, sniffAttachmentType } from "./attachment-types.ts";

const bytes = (hex: string, tail = "") => Buffer.concat([Buffer.from(hex, "hex"), Buffer.from(tail)]);
const text = (value: string) => Buffer.from(value, "utf8");

describe("what may be attached, by content", () => {
  it.each([
    ["PNG", bytes("89504e470d0a1a0a0000000d49484452"), "image/png"],
    ["JPEG", bytes("ffd8ffe000104a464946"), "image/jpeg"],
    ["GIF", text("GIF89a\u0001\u0000"), "image/gif"],
    ["WebP", text("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "), "image/webp"],
    ["PDF", text("%PDF-1.7\n%âãÏÓ"), "application/pdf"],
    ["a chat log", text("Sam: see you at 4\r\nAlex: ok <3\n"), "text/plain"],
    ["UTF-8 text with a BOM", text("\uFEFFMessage from an unknown number\n"), "text/plain"],
    ["an HTML page", text("<!doctype html><p>hi"), null],
    ["HTML after whitespace", text("  \n<html><script>alert(1)</script>"), null],
    ["SVG", text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), null],
    ["text hiding a script", text("notes\n<script>alert(1)</script>"), null],
    ["a Windows program", bytes("4d5a90000300000004000000"), null],
    ["a Linux program", bytes("7f454c46020101000000"), null],
    ["a ZIP", bytes("504b0304140000000800"), null],
    ["bytes that are not UTF-8", bytes("c328a0a1"), null],
    ["text with a NUL", text("abc\u0000def"), null],
    ["nothing", Buffer.alloc(0), null],
  ])("%s", (_name, content, expected) => {
    expect(sniffAttachmentType(content)).toBe(expected);
  });
});

describe("an attachment's name", () => {
  it.each([
    ["screenshot 1.png", "image/png", "screenshot 1.png"],
    ["C:\\Users\\dsl\\Desktop\\chat.txt", "text/plain", "chat.txt"],
    ["../../etc/passwd", "text/plain", "passwd.txt"],
    ["photo.html", "image/png", "photo.html.png"],
    ["IMG_0001.JPEG", "image/jpeg", "IMG_0001.JPEG"],
    ['evil"; filename=x.exe\r\n.pdf', "application/pdf", "evil_ filename_x.exe_.pdf"],
    ["", "application/pdf", "attachment.pdf"],
    ["...", "image/gif", "attachment.gif"],
    ["Zoë's café.png", "image/png", "Zoe_s cafe.png"],
  ] as const)("%s as %s is kept as %s", (given, type, expected) => {
    expect(safeAttachmentName(given, type)).toBe(expected);
  });

  it("is at most 100 characters", () => {
    expect(safeAttachmentName(`${"a".repeat(300)}.png`, "image/png").length).toBeLessThanOrEqual(100);
  });
});
