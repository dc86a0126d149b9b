// Filled in as the metrics module lands.
export {};
