// Filled in as the plugin module lands.
export {};
