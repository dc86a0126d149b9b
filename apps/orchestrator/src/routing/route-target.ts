/** One place a request may go: a provider and, optionally, a model (the provider's default when absent). */
export interface RouteTarget {
  provider: string;
  model?: string;
}

/** What model resolution needs to know about providers and the config. */
export interface RoutingTable {
  /** Canonical id for a provider id or alias; undefined when no plugin has that name. */
  resolveProvider(name: string): string | undefined;
  /** `routing.aliases`, each a list of `provider/model` strings. */
  aliases: Readonly<Record<string, readonly string[]>>;
  /** `providers.routingPriority`. */
  priority: Readonly<Partial<Record<string, readonly string[]>>>;
  /** Where a bare model name goes; computed when asked, because providers can become enabled later. */
  defaultProvider(): string | undefined;
}
