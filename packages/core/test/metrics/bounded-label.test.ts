import { describe, expect, it } from "vitest";
import {
  BoundedLabel,
  MAX_LABEL_VALUE_LENGTH,
  OTHER_LABEL_VALUE,
  truncateLabelValue,
} from "../../src/metrics/index.js";

describe("truncateLabelValue", () => {
  it("keeps short values as they are", () => {
    const value = "a".repeat(MAX_LABEL_VALUE_LENGTH);
    expect(truncateLabelValue(value)).toBe(value);
  });

  it("cuts values longer than 128 characters", () => {
    expect(truncateLabelValue("b".repeat(300))).toBe("b".repeat(128));
  });
});

describe("BoundedLabel", () => {
  it("keeps the first values up to the cap, then folds new ones into other", () => {
    const label = new BoundedLabel(2, "unknown");
    expect(label.resolve("a")).toBe("a");
    expect(label.resolve("b")).toBe("b");
    expect(label.resolve("c")).toBe(OTHER_LABEL_VALUE);
    expect(label.resolve("a")).toBe("a");
    expect(label.size).toBe(2);
  });

  it("uses the missing value for undefined and empty input without spending the cap", () => {
    const label = new BoundedLabel(1, "none");
    expect(label.resolve(undefined)).toBe("none");
    expect(label.resolve("")).toBe("none");
    expect(label.size).toBe(0);
    expect(label.resolve("x")).toBe("x");
  });

  it("counts values after truncation, so long values sharing a prefix are one value", () => {
    const label = new BoundedLabel(1, "none");
    const prefix = "p".repeat(128);
    expect(label.resolve(`${prefix}1`)).toBe(prefix);
    expect(label.resolve(`${prefix}2`)).toBe(prefix);
    expect(label.size).toBe(1);
  });

  it("folds everything into other when the cap is 0", () => {
    expect(new BoundedLabel(0, "none").resolve("x")).toBe(OTHER_LABEL_VALUE);
  });
});
