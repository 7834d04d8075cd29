import { invalidInput, payloadTooLarge } from "@quorum/core";
import type { Context } from "hono";
import { type AppEnv, DEFAULT_BODY_LIMITS } from "./context.js";

/**
 * The body as text chunks, decoded as they arrive (never buffered whole), refusing with 413 once
 * more than `maxBytes` have come in (or at once when Content-Length says so).
 */
export async function* limitedTextChunks(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  declaredLength: string | undefined,
  what: string,
  onBadText: () => Error,
): AsyncGenerator<string> {
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) throw payloadTooLarge(what, maxBytes);
  if (!body) return;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const reader = body.getReader();
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        let rest: string;
        try {
          // Throws too when the file ends inside a multi-byte character.
          rest = decoder.decode();
        } catch {
          throw onBadText();
        }
        if (rest) yield rest;
        return;
      }
      received += value.byteLength;
      if (received > maxBytes) throw payloadTooLarge(what, maxBytes);
      let text: string;
      try {
        text = decoder.decode(value, { stream: true });
      } catch {
        throw onBadText();
      }
      yield text;
    }
  } finally {
    // Stopped early (too large, bad text, the import failed): stop reading the upload too.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * The whole request body as text, refused with 413 `payload_too_large` past the JSON limit
 * (`QUORUM_MAX_BODY_BYTES`, 1 MiB by default): by Content-Length before reading, else as soon as
 * the bytes read pass it, so an anonymous caller cannot make the server buffer a huge body. Read
 * once: admission control may have read it already.
 */
export async function readLimitedText(c: Context<AppEnv>): Promise<string> {
  const read = c.get("bodyText");
  if (read !== undefined) return read;
  const maxBytes = c.get("deps").limits?.jsonBytes ?? DEFAULT_BODY_LIMITS.jsonBytes;
  let text = "";
  for await (const chunk of limitedTextChunks(
    c.req.raw.body,
    maxBytes,
    c.req.header("content-length"),
    "The request body",
    () => invalidInput("The request body is not UTF-8 text", [{ path: "body", message: "invalid UTF-8" }]),
  ))
    text += chunk;
  return text;
}
