/** List parsing without the schema code: what the list compiler's worker needs. */
export * from "./host-name.ts";
export * from "./parse-list.ts";
export type { ListFormat, ListSource } from "./source-manifest.ts";
