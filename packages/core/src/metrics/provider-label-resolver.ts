import { BoundedLabel, truncateLabelValue } from "./bounded-label.js";

/** Caps for {@link ProviderLabelResolver}. */
export interface LabelCaps {
  readonly tenantLabel: boolean;
  readonly maxModelsPerProvider: number;
  readonly maxTenants: number;
  /** Cap for every other free-text label: operation, error_type, status_code, reason, mode. */
  readonly maxDistinctValues: number;
}

/**
 * Turns raw label input into bounded label values, one {@link BoundedLabel}
 * per label (models per provider), so every metric agrees on how a value was
 * folded: a model that is `other` on the request counter is `other` on the
 * retry counter too.
 *
 * Provider names are truncated but not capped: they come from gateway
 * configuration, not from callers.
 */
export class ProviderLabelResolver {
  /** Whether metrics carry a `tenant` label at all. */
  readonly tenantLabel: boolean;
  readonly #maxModelsPerProvider: number;
  readonly #models = new Map<string, BoundedLabel>();
  readonly #tenants: BoundedLabel;
  readonly #operations: BoundedLabel;
  readonly #errorTypes: BoundedLabel;
  readonly #statusCodes: BoundedLabel;
  readonly #retryReasons: BoundedLabel;
  readonly #rotationReasons: BoundedLabel;
  readonly #egressReasons: BoundedLabel;
  readonly #egressModes: BoundedLabel;

  /** @param caps - Validated caps; see `createProviderMetrics` for defaults. */
  constructor(caps: LabelCaps) {
    this.tenantLabel = caps.tenantLabel;
    this.#maxModelsPerProvider = caps.maxModelsPerProvider;
    this.#tenants = new BoundedLabel(caps.maxTenants, "none");
    const cap = caps.maxDistinctValues;
    this.#operations = new BoundedLabel(cap, "chat");
    this.#errorTypes = new BoundedLabel(cap, "unknown");
    this.#statusCodes = new BoundedLabel(cap, "none");
    this.#retryReasons = new BoundedLabel(cap, "unknown");
    this.#rotationReasons = new BoundedLabel(cap, "unknown");
    this.#egressReasons = new BoundedLabel(cap, "unknown");
    this.#egressModes = new BoundedLabel(cap, "unknown");
  }

  /** The `provider` label; `unknown` when empty. */
  provider(provider: string): string {
    return provider === "" ? "unknown" : truncateLabelValue(provider);
  }

  /**
   * The `model` label, capped per provider so one provider with a long model
   * list cannot crowd out the others.
   *
   * @param provider - The already resolved provider label.
   */
  model(provider: string, model: string | undefined): string {
    let models = this.#models.get(provider);
    if (models === undefined) {
      models = new BoundedLabel(this.#maxModelsPerProvider, "unknown");
      this.#models.set(provider, models);
    }
    return models.resolve(model);
  }

  /** The `operation` label; `chat` when missing, matching `RequestLabels`. */
  operation(operation: string | undefined): string {
    return this.#operations.resolve(operation);
  }

  /** The `tenant` label value; `none` when missing. Only meaningful when {@link tenantLabel} is on. */
  tenant(tenantId: string | undefined): string {
    return this.#tenants.resolve(tenantId);
  }

  /** The `error_type` label: the error code, else its retryability. */
  errorType(code: string | undefined, retryable: boolean | undefined): string {
    if (code !== undefined && code !== "") return this.#errorTypes.resolve(code);
    return retryable === true ? "retryable" : "non_retryable";
  }

  /** The `status_code` label; `none` when the error carried no HTTP status. */
  statusCode(status: number | undefined): string {
    return typeof status === "number" ? this.#statusCodes.resolve(String(status)) : "none";
  }

  /** The `reason` label of the retry counter. */
  retryReason(reason: string): string {
    return this.#retryReasons.resolve(reason);
  }

  /** The `reason` label of the client-rotation counter. */
  rotationReason(reason: string): string {
    return this.#rotationReasons.resolve(reason);
  }

  /** The `reason` label of the egress counter. */
  egressReason(reason: string): string {
    return this.#egressReasons.resolve(reason);
  }

  /** The `mode` label of the egress counter; bounded because JavaScript callers skip the type. */
  egressMode(mode: string): string {
    return this.#egressModes.resolve(mode);
  }
}
