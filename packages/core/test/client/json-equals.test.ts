import { describe, expect, it } from "vitest";
import { jsonEquals } from "../../src/client/json-equals.js";

describe("jsonEquals", () => {
  it.each([
    ["same primitives", "a", "a", true],
    ["different primitives", 1, 2, false],
    ["null vs object", null, {}, false],
    ["object vs null", {}, null, false],
    [
      "nested objects, any key order",
      { a: 1, b: { c: [1, "x"] } },
      { b: { c: [1, "x"] }, a: 1 },
      true,
    ],
    ["different nested value", { a: { b: 1 } }, { a: { b: 2 } }, false],
    ["undefined property counts as absent", { a: 1, b: undefined }, { a: 1 }, true],
    ["extra key", { a: 1 }, { a: 1, b: 2 }, false],
    ["same count, different keys", { a: 1 }, { b: 1 }, false],
    ["arrays", [1, [2, 3]], [1, [2, 3]], true],
    ["array lengths", [1], [1, 2], false],
    ["array vs object", [1], { 0: 1 }, false],
    ["object vs array", { 0: 1 }, [1], false],
    ["null-prototype objects", Object.assign(Object.create(null), { a: 1 }), { a: 1 }, true],
    ["non-plain objects by reference", new Date(0), new Date(0), false],
  ])("%s", (_label, a, b, expected) => {
    expect(jsonEquals(a, b)).toBe(expected);
  });

  it("treats the same non-plain instance as equal", () => {
    const date = new Date(0);
    expect(jsonEquals({ d: date }, { d: date })).toBe(true);
  });
});
