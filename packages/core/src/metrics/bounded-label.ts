/** Longest label value kept; longer values are cut so one odd input cannot bloat every scrape. */
export const MAX_LABEL_VALUE_LENGTH = 128;

/** The value that stands in for every distinct value past a label's cap. */
export const OTHER_LABEL_VALUE = "other";

/**
 * Cuts `value` to {@link MAX_LABEL_VALUE_LENGTH} characters.
 *
 * @param value - A raw label value.
 * @returns `value` itself when short enough, so the common case allocates nothing.
 */
export function truncateLabelValue(value: string): string {
  return value.length <= MAX_LABEL_VALUE_LENGTH ? value : value.slice(0, MAX_LABEL_VALUE_LENGTH);
}

/**
 * One label whose distinct values are capped. The first `maxValues` distinct
 * values pass through (truncated); any later new value becomes
 * {@link OTHER_LABEL_VALUE}. Each value becomes a time series in every
 * scrape, so an unbounded label (model names from user input, error codes
 * from upstream bodies) would grow the metrics output without limit.
 *
 * First come, first kept: the set never evicts, because a series that
 * changed meaning halfway through its life would make rates lie.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();
  readonly #maxValues: number;
  readonly #missingValue: string;

  /**
   * @param maxValues - How many distinct values to keep before folding into `other`.
   * @param missingValue - Used for `undefined` or empty input; never counts against the cap.
   */
  constructor(maxValues: number, missingValue: string) {
    this.#maxValues = maxValues;
    this.#missingValue = missingValue;
  }

  /** How many distinct values have been kept so far. */
  get size(): number {
    return this.#seen.size;
  }

  /**
   * Maps a raw value to the label value to record.
   *
   * @param value - The raw value; `undefined` or `""` gives the missing value.
   * @returns The truncated value, `other` once the cap is reached, or the missing value.
   */
  resolve(value: string | undefined): string {
    if (value === undefined || value === "") return this.#missingValue;
    const label = truncateLabelValue(value);
    if (this.#seen.has(label)) return label;
    if (this.#seen.size >= this.#maxValues) return OTHER_LABEL_VALUE;
    this.#seen.add(label);
    return label;
  }
}
