import type { Category } from "../taxonomy/category.ts";

/** A small taxonomy for tests: one locked category, two unlocked ones, one staff-allowed. */
export function testCategories(): Category[] {
  const category = (id: string, locked: boolean, staff: "block" | "allow" = "block"): Category => ({
    id,
    name: id,
    definition: `test category ${id}`,
    uksic: null,
    class: "content",
    severity: locked ? "critical" : "medium",
    actions: { student: "block", staff: locked ? "block" : staff, guest: "block" },
    locked,
  });
  return [
    category("illegal", true),
    category("adult", false),
    category("gambling", false),
    category("social", false, "allow"),
  ];
}
