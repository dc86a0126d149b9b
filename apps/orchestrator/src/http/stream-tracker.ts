/** An in-flight stream that can be told to end early (the drain deadline passed). */
export interface TrackedStream {
  /** Sends a final error event and ends the response; aborts the upstream. */
  end(reason: string): void;
}

/** The set of in-flight streams, so shutdown can end each one cleanly instead of cutting sockets. */
export class StreamTracker {
  readonly #streams = new Set<TrackedStream>();

  /** Adds a stream; returns the function that removes it. */
  add(stream: TrackedStream): () => void {
    this.#streams.add(stream);
    return () => this.#streams.delete(stream);
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Ends every in-flight stream with `reason`. */
  endAll(reason: string): void {
    for (const stream of [...this.#streams]) stream.end(reason);
  }
}
