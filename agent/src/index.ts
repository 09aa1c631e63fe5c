export { type RunningAgent, startAgent } from "./agent.ts";
export { compileLists } from "./lists/compile-lists.ts";
export { compileListsOffThread } from "./lists/compile-off-thread.ts";
export { CurrentLists } from "./lists/current-lists.ts";
