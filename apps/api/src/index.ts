export { type ApiSettings, createApiFromEnv } from "./api-from-env";
export { type ApiDependencies, createApiApp } from "./app";
export { apiEnvShape } from "./env";
