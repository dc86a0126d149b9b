// Filled in as the egress module lands.
export {};
