/**
 * Secret redaction. Every value a {@link SecretsStore} hands out is registered
 * here, so that error messages and logs can be scrubbed of it even when an
 * upstream echoes the key back. Known key shapes are scrubbed as well, for
 * credentials that never passed through a store (an SDK reading its own env var).
 */

const REDACTED = "[REDACTED]";
const MIN_SECRET_LENGTH = 6;
const known = new Set<string>();
let knownPattern: RegExp | undefined;

// Shapes of credentials the supported providers issue, and the places they
// travel (auth headers, query strings). Built once: redaction runs on error paths.
const SHAPES: readonly RegExp[] = [
  /\b(?:sk|rk|pk)-(?:ant-|proj-|or-|svcacct-)?[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\b(?:gsk|xai|hf)_[A-Za-z0-9]{16,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /([?&](?:key|api[_-]?key|access_token|token|sig)=)[^&#\s"']+/gi,
  /((?:api[_-]?key|x-api-key|authorization|password|secret)["']?\s*[:=]\s*["']?)[^"'\s,}]{6,}/gi,
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Remembers a secret value so that {@link redactSecrets} removes it from any
 * text. Values shorter than six characters are ignored: they would redact
 * ordinary words.
 */
export function registerSecretValue(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH || known.has(value)) return;
  known.add(value);
  knownPattern = undefined;
}

/** Forgets every registered secret value. For tests. */
export function clearRegisteredSecrets(): void {
  known.clear();
  knownPattern = undefined;
}

/** Replaces every registered secret value and every known credential shape in `text`. */
export function redactSecrets(text: string): string {
  let out = text;
  if (known.size > 0) {
    knownPattern ??= new RegExp(
      [...known]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join("|"),
      "g",
    );
    out = out.replace(knownPattern, REDACTED);
  }
  for (const shape of SHAPES) {
    out = out.replace(shape, (match, prefix: unknown) =>
      typeof prefix === "string" && match.startsWith(prefix) && prefix.length < match.length
        ? `${prefix}${REDACTED}`
        : REDACTED,
    );
  }
  return out;
}
