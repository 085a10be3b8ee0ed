// Edge Function entry for `get-schedule`; bundled into functions/get-schedule/index.js by scripts/build-functions.mjs.
import { createGetScheduleFunction, getScheduleFunctionName } from "../src/get-schedule-function";
import { serveEdgeFunction } from "../src/serve-edge-function";

await serveEdgeFunction(getScheduleFunctionName, createGetScheduleFunction);
