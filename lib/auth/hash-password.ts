import { hash, verify } from "@node-rs/argon2";

// `Algorithm.Argon2id` of the library's const enum, which isolated modules cannot read.
const ARGON2ID_ALGORITHM = 2;
// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): about 60 ms a hash here. Written out so a
// change of the library's defaults never weakens stored hashes silently.
const ARGON2ID = { algorithm: ARGON2ID_ALGORITHM, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An argon2id PHC string for the password; each call salts afresh. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/**
 * True when the password matches the PHC string (compared in constant time by argon2 itself);
 * false for a wrong password or a string that is not a hash.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
