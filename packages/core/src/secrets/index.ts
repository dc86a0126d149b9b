export { CompositeStore, type CompositeStoreOptions } from "./composite-store.js";
export {
  DEFAULT_SCRYPT_PARAMS,
  decryptSecretsFile,
  deriveKey,
  type EncryptedSecretsFile,
  encryptSecretsFile,
  looksEncrypted,
  parseEncryptedSecretsFile,
  SALT_BYTES,
  type ScryptParams,
} from "./encrypt-secrets-file.js";
export { EnvStore, type EnvStoreOptions } from "./env-store.js";
export {
  defaultSecretsPath,
  LocalFileStore,
  type LocalFileStoreOptions,
} from "./local-file-store.js";
export { requireSecret, type SecretRequirement } from "./require-secret.js";
export { SecretsFileError, type SecretsFileErrorCode } from "./secrets-file-error.js";
export type { SecretsStore } from "./secrets-store.js";
