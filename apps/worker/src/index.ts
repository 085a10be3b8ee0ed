export { createWorkerApp } from "./app";
export { type AuthProvisioner, createSupabaseAuthProvisioner } from "./auth-provisioner";
export { createJobRunner, type JobRunner, type RunCounts } from "./job-runner";
export { schedulePath } from "./sync-schedule";
export { createWorker, type WorkerDependencies } from "./worker";
