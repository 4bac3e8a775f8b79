// The answers' schemas compiled to functions at build time (scripts/compile-validators.mjs
// writes answer-validators.js next to the compiled validate.js): one function per answer key.
import type { ValidateFunction } from 'ajv';

declare const validators: Record<string, ValidateFunction>;
export default validators;
