import { Agent, fetch as undiciFetch } from "undici";

export interface UndiciFetchOptions {
  /** Connections per origin. Default 8. */
  connections?: number;
  /** How long an idle connection stays open. Default 30 s. */
  keepAliveTimeoutMs?: number;
}

export interface UndiciFetch {
  fetch: typeof fetch;
  /** Closes the pooled connections; call on shutdown. */
  close(): Promise<void>;
}

/**
 * undici's own fetch over a keep-alive Agent with a connection limit: production reuses
 * connections to MaidCentral instead of paying a TLS handshake per call.
 */
export function createUndiciFetch(options: UndiciFetchOptions = {}): UndiciFetch {
  const agent = new Agent({
    connections: options.connections ?? 8,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: Math.max(options.keepAliveTimeoutMs ?? 30_000, 60_000),
  });
  const pooled = ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    })) as unknown as typeof fetch;
  return { fetch: pooled, close: () => agent.close() };
}
