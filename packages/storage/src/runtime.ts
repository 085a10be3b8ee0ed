export { type DataDirLock, loadOrCreateSecret, lockDataDir } from "./embedded-state";
export { type OpenStorage, openStorage, redactUrl, type StorageConfig } from "./open-storage";
export { ConfigError, resolveSecret, type StorageEnv, storageConfigFrom } from "./runtime-config";
