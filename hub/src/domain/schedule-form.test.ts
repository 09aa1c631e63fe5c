import { describe, expect, it } from "vitest";
import { cronToForm, describeCron, formToCron } from "./schedule-form.ts";

describe("schedule form ↔ cron", () => {
  it.each([
    ["0 7 * * 1", { time: "07:00", days: [1] }, "every Monday at 07:00"],
    ["30 7 * * 1", { time: "07:30", days: [1] }, "every Monday at 07:30"],
    [
      "15 16 * * 1-5",
      { time: "16:15", days: [1, 2, 3, 4, 5] },
      "every Monday, Tuesday, Wednesday, Thursday and Friday at 16:15",
    ],
    ["0 6 * * 0,7", { time: "06:00", days: [0] }, "every Sunday at 06:00"],
    ["0 6 * * 0,6", { time: "06:00", days: [0, 6] }, "every Saturday and Sunday at 06:00"],
    ["0 8 * 1,4,7,10 1#1", { time: "08:00", days: null }, "first Monday of Jan, Apr, Jul, Oct at 08:00"],
    ["0 7 1 1,4,9 *", { time: "07:00", days: null }, "on day 1 of Jan, Apr, Sep at 07:00"],
  ])("%s reads as %j, %s", (cron, form, words) => {
    expect(cronToForm(cron)).toEqual(form);
    expect(describeCron(cron)).toBe(words);
  });

  it.each(["*/5 * * * *", "0 7 * *", "0 25 * * 1", "0 7 * * MON#x"])("%s is for the advanced view only", (cron) => {
    expect(cronToForm(cron)).toBeNull();
  });

  it("a weekly form makes a weekly cron; the round trip keeps it", () => {
    expect(formToCron({ time: "07:00", days: [1] })).toBe("0 7 * * 1");
    expect(formToCron({ time: "18:05", days: [5, 1, 3] })).toBe("5 18 * * 1,3,5");
    expect(formToCron({ time: "09:00", days: [0, 1, 2, 3, 4, 5, 6] })).toBe("0 9 * * *");
    const cron = "45 6 * * 2,4";
    const form = cronToForm(cron);
    expect(form?.days).not.toBeNull();
    expect(formToCron({ time: form?.time ?? "", days: form?.days ?? [] })).toBe(cron);
  });

  it("a time alone keeps a dated schedule's dates", () => {
    expect(formToCron({ time: "09:30" }, "0 8 * 1,4,7,10 1#1")).toBe("30 9 * 1,4,7,10 1#1");
    expect(formToCron({ time: "06:00" }, "0 7 1 1,4,9 *")).toBe("0 6 1 1,4,9 *");
  });

  it.each([
    [{ time: "7:00", days: [1] }],
    [{ time: "24:00", days: [1] }],
    [{ time: "07:60", days: [1] }],
    [{ time: "07:00", days: [] }],
    [{ time: "07:00", days: [7] }],
    [{ time: "07:00", days: [1, 1] }],
  ])("%j is refused", (form) => {
    expect(formToCron(form)).toBeNull();
  });
});
