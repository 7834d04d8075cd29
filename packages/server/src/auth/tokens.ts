import crypto, { createHash, randomBytes } from "node:crypto";

/** A new secret for a session or API token; only its hash is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}

/** One-shot `crypto.hash` (Node 20.12+) costs a quarter of a Hash object; runs on every request. */
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

export function hashSecret(secret: string): string {
  if (oneShotHash) return oneShotHash("sha256", secret, "base64url");
  return createHash("sha256").update(secret).digest("base64url");
}
