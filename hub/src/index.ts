export { createHubApp } from "./hub-app.ts";
export { HubStore } from "./store/hub-store.ts";
