import { invalidInput, payloadTooLarge, requestTimeout } from "@quorum/core";
import type { Context } from "hono";
import { type AppEnv, DEFAULT_BODY_LIMITS } from "./context.js";

/**
 * The body as text chunks, decoded as they arrive (never buffered whole), refusing with 413 once
 * more than `maxBytes` have come in (or at once when Content-Length says so), and with 408 when
 * `idleMs` is given and the client sends nothing for that long (a stalled upload must not keep
 * the request, and what it holds, forever).
 */
export async function* limitedTextChunks(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  declaredLength: string | undefined,
  what: string,
  onBadText: () => Error,
  idleMs?: number,
): AsyncGenerator<string> {
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) throw payloadTooLarge(what, maxBytes);
  if (!body) return;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const reader = body.getReader();
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await (idleMs === undefined
        ? reader.read()
        : readWithin(reader, idleMs, () => requestTimeout(what, idleMs / 1000)));
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

/** The reader's next chunk, or `onIdle()`'s error when none comes within `ms`. */
async function readWithin<T>(
  reader: ReadableStreamDefaultReader<T>,
  ms: number,
  onIdle: () => Error,
): Promise<ReadableStreamReadResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onIdle()), ms);
  });
  try {
    return await Promise.race([reader.read(), idle]);
  } finally {
    clearTimeout(timer);
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
