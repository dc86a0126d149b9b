// Filled in as the client module lands.
export {};
