/**
 * Streams generated text (or bytes already encoded as UTF-8) a chunk at a time; `pull` is called
 * only when the client has read the last one. Short texts are gathered into chunks of about 64 KB.
 */
export function textStream(pieces: AsyncGenerator<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      let text = "";
      while (text.length < 64_000) {
        const next = await pieces.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        if (typeof next.value === "string") {
          text += next.value;
          continue;
        }
        if (text) controller.enqueue(encoder.encode(text));
        if (next.value.length > 0) controller.enqueue(next.value);
        return;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}
