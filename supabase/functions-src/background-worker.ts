// Edge Function entry for `background-worker`; bundled into functions/background-worker/index.js by scripts/build-functions.mjs.
import {
  backgroundWorkerFunctionName,
  createBackgroundWorkerFunction,
} from "../src/background-worker-function";
import { serveEdgeFunction } from "../src/serve-edge-function";

await serveEdgeFunction(backgroundWorkerFunctionName, createBackgroundWorkerFunction);
