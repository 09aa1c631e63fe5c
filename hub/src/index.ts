export { createHubApp } from "./hub-app.ts";
export { type HubStores, openHubStores } from "./store/open-stores.ts";
