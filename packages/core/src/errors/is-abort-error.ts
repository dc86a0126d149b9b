/** True for the shapes an aborted call takes across fetch, undici and the official SDKs. */
export function isAbortError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  // The openai and anthropic SDKs' abort class keeps the generic name "Error".
  const className = (err as { constructor?: { name?: unknown } }).constructor?.name;
  return (
    name === "AbortError" ||
    className === "APIUserAbortError" ||
    code === "ABORT_ERR" ||
    code === "UND_ERR_ABORTED"
  );
}
