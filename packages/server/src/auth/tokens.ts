import { createHash, randomBytes } from "node:crypto";

/** A new secret for a session or API token; only its hash is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}
