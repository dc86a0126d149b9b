import { afterAll, describe, expect, it } from "vitest";
import { closeAfterEach } from "../src/close-after-each.js";

const closed: string[] = [];

describe("closeAfterEach", () => {
  const start = closeAfterEach(async (name: string) => ({
    name,
    close: async () => {
      closed.push(name);
    },
  }));

  it("starts and returns what the start function made", async () => {
    const started = await start("first");
    expect(started.name).toBe("first");
    expect(closed).toEqual([]);
  });

  it("closed it after the previous test", async () => {
    expect(closed).toEqual(["first"]);
    await start("second");
  });

  it("closes nothing twice, and nothing when nothing was started", () => {
    expect(closed).toEqual(["first", "second"]);
  });

  afterAll(() => {
    expect(closed).toEqual(["first", "second"]);
  });
});
