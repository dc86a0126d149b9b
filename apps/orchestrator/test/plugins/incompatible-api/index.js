// The manifest asks for plugin API ^9, so a loader that imports this has skipped the range check.
throw new Error("incompatible-api: imported although its plugin API range is incompatible");
