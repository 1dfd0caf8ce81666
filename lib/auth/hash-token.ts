import { createHash } from "node:crypto";

/**
 * How a random token (a setup token, an API key) is stored: its SHA-256, hex. The tokens are at
 * least 24 random bytes, so a fast hash is as safe as a slow one against guessing them, and a
 * lookup by hash stays one index probe.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
