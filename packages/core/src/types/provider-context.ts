/** Per-call context the orchestrator hands to a provider. */
export interface ProviderContext {
  /** The caller's tenant, used for metrics only when the tenant label is enabled. */
  tenantId?: string;
  /** Correlates logs across the gateway and the upstream call. */
  requestId?: string;
  /** Aborts the call, retries included, when the client goes away. */
  signal?: AbortSignal;
  /** Absolute deadline in epoch milliseconds that bounds the call and all its retries. */
  deadline?: number;
}
