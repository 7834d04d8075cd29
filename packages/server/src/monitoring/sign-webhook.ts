import { createHmac } from "node:crypto";
import { signatureHeader, signedContent } from "@quorum/core";

/** The `X-Quorum-Signature` value for `body` sent at `timestamp`: HMAC-SHA256 with the subscription's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const digest = createHmac("sha256", secret).update(signedContent(timestamp, body)).digest("hex");
  return signatureHeader(timestamp, digest);
}
