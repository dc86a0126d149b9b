import { describe, expect, it } from "vitest";
import { parseRetryAfter, readHeader } from "../../src/errors/parse-retry-after.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");

  it("reads delta-seconds, including fractions", () => {
    expect(parseRetryAfter({ "retry-after": "2" }, now)).toBe(2000);
    expect(parseRetryAfter({ "Retry-After": "0.5" }, now)).toBe(500);
  });

  it("reads an HTTP date relative to now, and clamps the past to 0", () => {
    expect(parseRetryAfter({ "retry-after": "Wed, 25 Nov 2026 12:00:07 GMT" }, now)).toBe(7000);
    expect(parseRetryAfter({ "retry-after": "Wed, 25 Nov 2026 11:00:00 GMT" }, now)).toBe(0);
  });

  it("prefers retry-after-ms over retry-after", () => {
    expect(parseRetryAfter({ "retry-after-ms": "1234.4", "retry-after": "9" }, now)).toBe(1234);
  });

  it("falls back to retry-after when retry-after-ms is junk", () => {
    expect(parseRetryAfter({ "retry-after-ms": "soon", "retry-after": "3" }, now)).toBe(3000);
  });

  it("returns undefined when absent or unparseable", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "later" }, now)).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "" }, now)).toBeUndefined();
  });

  it("reads WHATWG Headers and pair arrays", () => {
    expect(parseRetryAfter(new Headers({ "Retry-After": "4" }), now)).toBe(4000);
    expect(parseRetryAfter([["retry-after-ms", "15"]], now)).toBe(15);
  });
});

describe("readHeader", () => {
  it("is case-insensitive and takes the first of repeated values", () => {
    expect(readHeader({ "X-Thing": ["a", "b"] }, "x-thing")).toBe("a");
    expect(readHeader({ "content-length": 12 }, "Content-Length")).toBe("12");
    expect(readHeader([["A", "1"]], "b")).toBeUndefined();
    expect(readHeader(new Headers(), "missing")).toBeUndefined();
  });
});
