/** Thrown by `readBodyCapped` when a body is larger than allowed. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response body is larger than maxResponseBytes (${limitBytes} bytes)`);
    this.name = "ResponseTooLargeError";
  }
}

/**
 * Reads a response body as UTF-8, streaming, and stops (cancelling the stream) as soon as it
 * passes `limitBytes`, so a runaway response cannot exhaust memory.
 */
export async function readBodyCapped(response: Response, limitBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) {
    // Not awaited: some streams settle their cancel only when the peer finishes.
    void response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(limitBytes);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      void reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(limitBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
