export {
  createMaidCentralClient,
  type MaidCentralClient,
  type MaidCentralClientOptions,
  type RetryOptions,
} from "./maidcentral-client";
export {
  isMaidCentralError,
  MaidCentralError,
  type MaidCentralErrorDetails,
  type MaidCentralErrorKind,
} from "./maidcentral-error";
export { parseRetryAfter } from "./retry-after";
export type { MaidCentralAuth } from "./token-provider";
