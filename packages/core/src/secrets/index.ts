// Filled in as the secrets module lands.
export {};
