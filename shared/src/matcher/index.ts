/** The matcher without the YAML and schema code: what a process that only loads snapshots needs. */
export * from "./category-masks.ts";
export * from "./compiled-lists.ts";
export * from "./domain-matcher.ts";
export * from "./list-info.ts";
export * from "./list-samples.ts";
export * from "./lists-from-entries.ts";
export * from "./matcher-builder.ts";
export * from "./rule-sets.ts";
export * from "./snapshot.ts";
export * from "./suffix-filter.ts";
export * from "./suffix-table.ts";
