export { createPgliteDb } from "./db-pglite";
