import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { EgressBlockedError } from "../../src/egress/egress-blocked-error.js";
import { createEgressPolicy } from "../../src/egress/egress-policy.js";
import { createGuardedLookup } from "../../src/egress/guarded-lookup.js";
import { nodeBodyToWebStream } from "../../src/egress/node-body-to-web-stream.js";

const resolveTo =
  (addresses: string[]): LookupFunction =>
  (_hostname, options, callback) => {
    const all = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    if (options.all) callback(null, all);
    else callback(null, all[0]?.address ?? "", all[0]?.family);
  };

function lookupOnce(lookup: LookupFunction, all: boolean) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>(
    (resolve) => {
      lookup("api.example.test", { all }, (err, address) => resolve({ err, address }));
    },
  );
}

describe("createGuardedLookup", () => {
  const policy = createEgressPolicy({ mode: "enforce", allow: ["*.example.test"] });

  it.each([true, false])("passes public results through (all: %s)", async (all) => {
    const result = await lookupOnce(
      createGuardedLookup(policy, "p", resolveTo(["93.184.216.34"])),
      all,
    );
    expect(result.err).toBeNull();
    expect(result.address).toEqual(
      all ? [{ address: "93.184.216.34", family: 4 }] : "93.184.216.34",
    );
  });

  it.each([true, false])(
    "fails with EgressBlockedError on a private result (all: %s)",
    async (all) => {
      const result = await lookupOnce(
        createGuardedLookup(policy, "p", resolveTo(["10.0.0.1"])),
        all,
      );
      expect(result.err).toBeInstanceOf(EgressBlockedError);
      expect(result.address).toEqual(all ? [] : "");
    },
  );

  it("refuses when any one of several addresses is private", async () => {
    const result = await lookupOnce(
      createGuardedLookup(policy, "p", resolveTo(["93.184.216.34", "::1"])),
      true,
    );
    expect(result.err).toBeInstanceOf(EgressBlockedError);
  });

  it("returns the base lookup unchanged in allow mode", () => {
    const base = resolveTo(["10.0.0.1"]);
    expect(createGuardedLookup(createEgressPolicy({ mode: "allow", allow: [] }), "p", base)).toBe(
      base,
    );
  });
});

describe("nodeBodyToWebStream", () => {
  it("errors the web stream when the Node stream closes before it ends", async () => {
    const body = new Readable({ read() {} });
    const stream = nodeBodyToWebStream(body);
    const reader = stream.getReader();
    body.push(Buffer.from("a"));
    expect((await reader.read()).value).toEqual(new Uint8Array([97]));
    body.destroy();
    await expect(reader.read()).rejects.toThrow(/closed before it ended/);
  });

  it("passes a Node stream error to the reader", async () => {
    const body = new Readable({ read() {} });
    const reader = nodeBodyToWebStream(body).getReader();
    body.destroy(new Error("boom"));
    await expect(reader.read()).rejects.toThrow("boom");
  });

  it("destroys the Node stream on cancel, with or without an Error reason", async () => {
    for (const reason of [new Error("stop"), "stop"]) {
      const body = new Readable({ read() {} });
      const reader = nodeBodyToWebStream(body).getReader();
      await reader.cancel(reason);
      expect(body.destroyed).toBe(true);
    }
  });
});
