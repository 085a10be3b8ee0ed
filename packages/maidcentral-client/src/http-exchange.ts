import { MaidCentralError } from "./maidcentral-error";
import { ResponseTooLargeError, readBodyCapped } from "./read-body-capped";
import type { SecretScrubber } from "./secret-scrubber";

export interface ExchangeRequest {
  method: "GET" | "POST";
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Path and query for errors and logs. */
  path: string;
  attempt: number;
}

export interface ExchangeResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

export interface ExchangeOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
  scrubber: SecretScrubber;
}

/**
 * One HTTP round trip with a timeout over headers and body alike and a body size cap. Transport
 * failures come back as MaidCentralError (timeout, network, invalid_response); statuses do not.
 */
export async function httpExchange(
  request: ExchangeRequest,
  options: ExchangeOptions,
): Promise<ExchangeResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const where = { method: request.method, path: request.path, attempt: request.attempt };
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: controller.signal,
      // A redirect could carry the Authorization header somewhere else: refuse to follow.
      redirect: "manual",
    });
    const text = await readBodyCapped(response, options.maxResponseBytes);
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      text,
    };
  } catch (error) {
    if (error instanceof ResponseTooLargeError) {
      controller.abort();
      throw new MaidCentralError(
        `MaidCentral ${request.method} ${request.path}: ${error.message}; raise maxResponseBytes if this size is expected`,
        { ...where, kind: "invalid_response" },
      );
    }
    if (timedOut) {
      throw new MaidCentralError(
        `MaidCentral ${request.method} ${request.path}: no complete response within ${options.timeoutMs} ms`,
        { ...where, kind: "timeout" },
      );
    }
    const cause = options.scrubber.safeCause(error);
    const detail =
      cause.cause instanceof Error ? `${cause.message} (${cause.cause.message})` : cause.message;
    throw new MaidCentralError(
      `MaidCentral ${request.method} ${request.path}: network error: ${detail}`,
      {
        ...where,
        kind: "network",
        cause,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}
