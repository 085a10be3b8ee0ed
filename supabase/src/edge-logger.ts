import type { Logger } from "@backup-portal/core";

const levels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

export type LogLevel = keyof typeof levels;

/**
 * pino's JSON line shape on `console`, which is what Supabase collects from an Edge Function
 * (pino's own stream handling is built for a long-lived Node process, not an isolate).
 */
export function createEdgeLogger(options: {
  level: LogLevel;
  bindings?: Record<string, unknown>;
  write?: (line: string) => void;
}): Logger {
  const threshold = levels[options.level];
  const write = options.write ?? ((line: string) => console.log(line));
  const bindings = options.bindings ?? {};
  const at =
    (level: Exclude<LogLevel, "silent">) =>
    (obj: object, msg?: string): void => {
      if (levels[level] < threshold) return;
      const fields = obj instanceof Error ? { err: { message: obj.message } } : obj;
      write(
        JSON.stringify({
          level: levels[level],
          time: Date.now(),
          ...bindings,
          ...fields,
          ...(msg === undefined ? {} : { msg }),
        }),
      );
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => createEdgeLogger({ ...options, bindings: { ...bindings, ...more }, write }),
  };
}
