export { createUndiciFetch, type UndiciFetch, type UndiciFetchOptions } from "./undici-fetch";
