export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  toCircuitBreakerState,
} from "./circuit-breaker.js";
export {
  type ErrorLike,
  type LastError,
  LastErrorHolder,
  MAX_LAST_ERROR_MESSAGE_LENGTH,
} from "./last-error.js";
export {
  type OutcomeSnapshot,
  OutcomeWindow,
  type OutcomeWindowOptions,
} from "./outcome-window.js";
