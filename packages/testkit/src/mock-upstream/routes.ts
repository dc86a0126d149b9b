/**
 * The route table: persistent routes and FIFO one-shot replies. Internal.
 *
 * @module
 */
import type { RecordedRequest, ReplySource, RouteMatcher } from "./types.js";

interface Route {
  readonly method: string;
  readonly matcher: RouteMatcher;
  readonly reply: ReplySource;
}

function matches(route: Route, request: RecordedRequest): boolean {
  if (route.method !== "*" && route.method !== request.method) return false;
  const { matcher } = route;
  if (typeof matcher === "string") return matcher === request.path;
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(request.path);
  }
  return matcher(request);
}

/** Persistent routes (the most recently added match wins) and one-shot routes (FIFO, tried first). */
export class RouteTable {
  #persistent: Route[] = [];
  #once: Route[] = [];

  add(method: string, matcher: RouteMatcher, reply: ReplySource, once: boolean): void {
    const route: Route = { method: method.toUpperCase(), matcher, reply };
    if (once) this.#once.push(route);
    else this.#persistent.unshift(route);
  }

  /** Finds the reply for a request, consuming a matching one-shot route first. */
  take(request: RecordedRequest): ReplySource | undefined {
    const index = this.#once.findIndex((route) => matches(route, request));
    if (index !== -1) {
      const [route] = this.#once.splice(index, 1);
      return route?.reply;
    }
    return this.#persistent.find((route) => matches(route, request))?.reply;
  }

  /** Number of one-shot replies not yet used. */
  get pendingOnce(): number {
    return this.#once.length;
  }

  clear(): void {
    this.#persistent = [];
    this.#once = [];
  }
}
