export * from "./lists/host-name.ts";
export * from "./lists/parse-list.ts";
export * from "./lists/source-manifest.ts";
export * from "./matcher/index.ts";
export * from "./matcher/reference-matcher.ts";
export * from "./taxonomy/category.ts";
export * from "./taxonomy/parse-taxonomy.ts";
export * from "./taxonomy/taxonomy.ts";
