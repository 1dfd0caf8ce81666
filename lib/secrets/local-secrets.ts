import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const LocalSecretsSchema = z.object({
  SESSION_SECRET: z.string().min(32),
  LICENSE_SECRET: z.string().min(32),
  LICENSE_SIGNING_KEY: z.string().includes("PRIVATE KEY"),
  SIMULATED_WEBHOOK_SECRET: z.string().min(32),
});

export type LocalSecrets = z.infer<typeof LocalSecretsSchema>;

export const LOCAL_SECRETS_FILE = "secrets.json";

function generateLocalSecrets(): LocalSecrets {
  const { privateKey } = generateKeyPairSync("ed25519");
  return {
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    LICENSE_SECRET: randomBytes(32).toString("base64url"),
    LICENSE_SIGNING_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    SIMULATED_WEBHOOK_SECRET: `whsec_sim_${randomBytes(32).toString("base64url")}`,
  };
}

/**
 * Reads the development secrets kept in `dataDir`, generating them on first use. Creation is
 * atomic (write a temp file, then hard-link it into place), so processes starting together agree
 * on one set. Never used in production, where secrets must come from the environment.
 */
export function ensureLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, LOCAL_SECRETS_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(temp, JSON.stringify(generateLocalSecrets(), null, 2), { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.unlinkSync(temp);
    }
  }
  const parsed = LocalSecretsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`${file} is damaged: delete it to generate new development secrets`);
  }
  return parsed.data;
}
