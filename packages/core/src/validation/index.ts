export * from "./format-validation-error.js";
