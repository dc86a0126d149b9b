import { clearRegisteredSecrets, registerSecretValue } from "@oss-ai-agent-tool/core";
import { afterEach, describe, expect, it } from "vitest";
import { LastErrorHolder, MAX_LAST_ERROR_MESSAGE_LENGTH } from "../../src/resilience/last-error.js";

describe("LastErrorHolder", () => {
  afterEach(() => clearRegisteredSecrets());

  it("holds nothing at first", () => {
    expect(new LastErrorHolder().value).toBeUndefined();
  });

  it("keeps the most recent error with its time as an ISO string", () => {
    let time = Date.parse("2026-03-01T10:00:00Z");
    const holder = new LastErrorHolder(() => time);
    holder.record({ message: "first", status: 500 });
    time += 1_500;
    holder.record({ message: "upstream overloaded", code: "overloaded", status: 529 });
    expect(holder.value).toEqual({
      message: "upstream overloaded",
      code: "overloaded",
      status: 529,
      at: "2026-03-01T10:00:01.500Z",
    });
  });

  it("leaves out code and status when the error has none", () => {
    const holder = new LastErrorHolder(() => 0);
    holder.record(new Error("socket hang up"));
    expect(holder.value).toEqual({ message: "socket hang up", at: "1970-01-01T00:00:00.000Z" });
  });

  it("redacts secrets, then caps the length", () => {
    const secret = "super-secret-value-123";
    registerSecretValue(secret);
    const holder = new LastErrorHolder(() => 0);
    holder.record({ message: `bad key ${secret} ${"x".repeat(2_000)}` });
    const message = holder.value?.message ?? "";
    expect(message).not.toContain(secret);
    expect(message.startsWith("bad key [REDACTED]")).toBe(true);
    expect(message).toHaveLength(MAX_LAST_ERROR_MESSAGE_LENGTH);
  });

  it("forgets the error on clear", () => {
    const holder = new LastErrorHolder(() => 0);
    holder.record({ message: "boom" });
    holder.clear();
    expect(holder.value).toBeUndefined();
  });
});
