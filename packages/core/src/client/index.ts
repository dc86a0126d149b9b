export { jsonEquals } from "./json-equals.js";
export {
  createRotatingClient,
  type RotatingClient,
  type RotatingClientOptions,
} from "./rotating-client.js";
