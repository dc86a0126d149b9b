/** Why a {@link SecretsFileError} was thrown. */
export type SecretsFileErrorCode =
  /** The file is readable or writable by group or others. */
  | "insecure_permissions"
  /** The path exists but is not a regular file. */
  | "not_a_file"
  /** The content is not a JSON object of string values. */
  | "malformed"
  /** The file is encrypted and no passphrase was given. */
  | "passphrase_required"
  /** Authentication failed: wrong passphrase or a modified file. */
  | "decrypt_failed"
  /** An encrypted file with a version or parameters this code does not accept. */
  | "unsupported_format";

/**
 * A problem with the secrets file itself. The message names the path and the
 * fix, and never includes any of the file's content: parser messages can quote
 * the bytes around the error, which may be a key.
 */
export class SecretsFileError extends Error {
  override readonly name = "SecretsFileError";
  /** A stable machine-readable reason. */
  readonly code: SecretsFileErrorCode;
  /** The file the error is about. */
  readonly path: string;

  constructor(message: string, code: SecretsFileErrorCode, path: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
