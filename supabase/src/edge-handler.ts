import type { Logger } from "@backup-portal/core";
import { functionRelativePath } from "./function-path";

export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * The app's own web handler behind a Supabase function path: routes see the paths they were
 * written for, and every route but `/health` first makes sure the schema is in place.
 */
export function createEdgeHandler(options: {
  name: string;
  fetch: FetchHandler;
  ensureSchema: () => Promise<void>;
  logger: Logger;
}): FetchHandler {
  return async (request) => {
    const url = new URL(request.url);
    const path = functionRelativePath(url.pathname, options.name);
    let routed = request;
    if (path !== url.pathname) {
      url.pathname = path;
      routed = new Request(url, request);
    }
    if (path !== "/health") {
      try {
        await options.ensureSchema();
      } catch (error) {
        options.logger.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          "database unavailable",
        );
        return Response.json(
          {
            error: {
              code: "database_unavailable",
              message: "The database is unreachable or its schema could not be applied.",
            },
          },
          { status: 503 },
        );
      }
    }
    return options.fetch(routed);
  };
}
