// The manifest is invalid, so a loader that imports this has skipped validation.
throw new Error("broken-manifest: imported although its manifest is invalid");
