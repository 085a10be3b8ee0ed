import { BackupPortalError, type Logger } from "@backup-portal/core";

export interface AlertNotice {
  status: "firing" | "repeat" | "resolved";
  key: string;
  kind: string;
  /** One line for people (Slack, a log). */
  text: string;
}

/** Where alerts go. `send` throws when the notice did not arrive, so it is owed and retried. */
export interface AlertNotifier {
  send(notice: AlertNotice): Promise<void>;
}

export class AlertDeliveryError extends BackupPortalError {}

/** Slack-compatible incoming webhook: `POST {"text": …}`. */
export function createWebhookNotifier(options: {
  url: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): AlertNotifier {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(notice) {
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: notice.text }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (cause) {
        throw new AlertDeliveryError(
          "ALERT_WEBHOOK_UNREACHABLE",
          "ALERT_WEBHOOK_URL is unreachable",
          {
            retryable: true,
            cause,
          },
        );
      }
      if (!response.ok) {
        throw new AlertDeliveryError(
          "ALERT_WEBHOOK_REJECTED",
          `ALERT_WEBHOOK_URL answered ${response.status}`,
          { retryable: response.status >= 500, context: { status: response.status } },
        );
      }
    },
  };
}

/** Every notice also goes to the log: firing and repeats as warnings, resolutions as info. */
export function createLogNotifier(logger: Logger): AlertNotifier {
  return {
    async send(notice) {
      const line = { alert: notice.key, kind: notice.kind, status: notice.status };
      if (notice.status === "resolved") logger.info(line, notice.text);
      else logger.warn(line, notice.text);
    },
  };
}
