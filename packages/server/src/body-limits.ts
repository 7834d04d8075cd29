import { payloadTooLarge } from "@quorum/core";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./context.js";

/** Is this the import upload, which streams under its own, larger limit? */
export function isImportUpload(method: string, path: string): boolean {
  return method === "POST" && /\/projects\/[^/]+\/imports$/.test(path);
}

/**
 * Refuses request bodies over `maxBytes` with 413 `payload_too_large` before a handler reads
 * them (by Content-Length when given, else while reading), so an anonymous caller cannot make
 * the server buffer a huge body. Imports are left to their streaming limit.
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw payloadTooLarge("The request body", maxBytes);
    },
  });
  return (c, next) => (isImportUpload(c.req.method, c.req.path) ? next() : limit(c, next));
}

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
        const rest = decoder.decode();
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
