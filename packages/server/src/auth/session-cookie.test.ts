import fc from "fast-check";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { describe, expect, it } from "vitest";
import { readCookie } from "./session-cookie.js";

/** What `readCookie` and hono's `getCookie` read from one Cookie header. */
async function bothRead(header: string): Promise<{ ours: string | undefined; hono: string | undefined }> {
  const app = new Hono();
  app.get("/", (c) =>
    c.json({ ours: readCookie(c, "quorum_session") ?? null, hono: getCookie(c, "quorum_session") ?? null }),
  );
  const response = await app.request("/", { headers: { cookie: header } });
  const read = (await response.json()) as { ours: string | null; hono: string | null };
  return { ours: read.ours ?? undefined, hono: read.hono ?? undefined };
}

describe("readCookie", () => {
  it("reads the session cookie alone, among others, quoted, encoded or absent as hono's parser does", async () => {
    for (const header of [
      "quorum_session=Ab_9-xY",
      "quorum_session=Ab_9-xY; other=1",
      "other=1; quorum_session=Ab_9-xY",
      'quorum_session="Ab_9-xY"',
      "quorum_session=a%20b",
      "quorum_session=a%zz",
      "quorum_session=",
      "quorum_session",
      "quorum_sessionx=abc",
      "xquorum_session=abc",
      "quorum_session =abc",
      "quorum_session=abc ",
      "quorum_session=a,b",
      "quorum_session=abc; quorum_session=def",
    ]) {
      const { ours, hono } = await bothRead(header);
      expect(ours, header).toBe(hono);
    }
    expect((await bothRead("quorum_session=Ab_9-xY")).ours).toBe("Ab_9-xY");
  });

  it("agrees with hono's parser on any header built of cookie-like pieces", async () => {
    const piece = fc.constantFrom(
      "quorum_session",
      "=",
      ";",
      " ",
      '"',
      "%",
      "%41",
      "a",
      "Z",
      "0",
      "_",
      "-",
      ",",
      "x=1",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 8 }), async (pieces) => {
        const header = pieces.join("");
        const { ours, hono } = await bothRead(header);
        expect(ours).toBe(hono);
      }),
      { numRuns: 300 },
    );
  });
});
