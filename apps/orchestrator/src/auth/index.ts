export {
  type ApiKeyAuthenticator,
  type ApiKeyAuthenticatorOptions,
  type ApiKeyEntry,
  type AuthenticatedKey,
  apiKeyEntriesSchema,
  apiKeyEntrySchema,
  createApiKeyAuthenticator,
} from "./api-key-authenticator.js";
export { extractApiKey, type IncomingHeaders } from "./extract-api-key.js";
export {
  API_KEY_HASH_PREFIX,
  apiKeyHashDigest,
  hashApiKey,
  parseApiKeyHash,
} from "./hash-api-key.js";
export {
  MemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  type RateLimitDecision,
  type RateLimitStore,
} from "./rate-limiter.js";
