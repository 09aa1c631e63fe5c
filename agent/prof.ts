import { MatcherBuilder } from "@fenceline/shared/matcher";
import { namesInFolder } from "./bench/realistic-names.ts";

const names = [...namesInFolder("/work/shared/corpus/ut1"), ...namesInFolder("/work/shared/corpus/other")];
const all: Uint8Array[] = [];
for (const p of ["", "cdn.", "img.", "api.", "static.", "media."])
  for (const n of names) all.push(Buffer.from(p + n, "latin1"));
console.log("entries", all.length);
const b = new MatcherBuilder(1, 2, all.length);
let t = performance.now();
for (const n of all) b.addEntry(0, n, 0, n.length);
console.log("insert", performance.now() - t, "suffixes", b.suffixCount);
t = performance.now();
b.finish();
console.log("finish", performance.now() - t);
