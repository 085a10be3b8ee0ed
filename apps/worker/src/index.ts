export { createWorkerApp } from "./app";
export { type AuthProvisioner, createSupabaseAuthProvisioner } from "./auth-provisioner";
export { workerEnvShape } from "./env";
export { type GracefulShutdown, installGracefulShutdown } from "./graceful-shutdown";
export { createJobRunner, type JobRunner, type RunCounts } from "./job-runner";
export { connectMaidCentral, type MaidCentralConnection } from "./maidcentral-from-env";
export { schedulePath } from "./sync-schedule";
export { createWorker, type WorkerDependencies } from "./worker";
export { createWorkerFromEnv, type WorkerSettings } from "./worker-from-env";
