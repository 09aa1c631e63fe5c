import { describe, expect, it } from "vitest";
import { formFields } from "./form-fields.ts";

const render = async (...fields: Parameters<typeof formFields>[0]) => String(await formFields(fields));

describe("formFields", () => {
  it("labels each control by its id and names it by its id unless given a name", async () => {
    expect(await render({ id: "ref-date", name: "date", label: "Date", input: "date" })).toBe(
      '<label for="ref-date">Date</label><input id="ref-date" name="date" type="date" required>',
    );
    expect(await render({ id: "ofSeq", label: "Entry number", input: "entry-number" })).toBe(
      '<label for="ofSeq">Entry number</label><input id="ofSeq" name="ofSeq" type="number" min="1" required>',
    );
  });

  it("selects the value given, escapes values, and leaves an optional textarea unrequired", async () => {
    const out = await render(
      { id: "risk", label: "Risk?", select: ["no", "yes"], value: "yes" },
      { id: "by", label: "By", input: "text", value: '"x" <y>' },
      { id: "note", label: "Note", textarea: 2, optional: true },
    );
    expect(out.split("\n")).toEqual([
      '<label for="risk">Risk?</label><select id="risk" name="risk"><option value="no" >no</option><option value="yes" selected>yes</option></select>',
      '<label for="by">By</label><input id="by" name="by" required value="&quot;x&quot; &lt;y&gt;">',
      '<label for="note">Note</label><textarea id="note" name="note" rows="2"></textarea>',
    ]);
  });
});
