// Edge Function entry for `hourly-sync`; bundled into functions/hourly-sync/index.js by scripts/build-functions.mjs.
import { createHourlySyncFunction, hourlySyncFunctionName } from "../src/hourly-sync-function";
import { serveEdgeFunction } from "../src/serve-edge-function";

await serveEdgeFunction(hourlySyncFunctionName, createHourlySyncFunction);
