// Filled in as the retry module lands.
export {};
