import type { Command } from "commander";
import { withDatabase } from "@/cli/with-database";
import { readPassword } from "@/cli/read-password";
import { getEnv } from "@/lib/env";
import { parseInput } from "@/lib/errors";
import { createSetupToken, setOwner, SetOwnerInputSchema, setupUrl } from "@/services/auth";

export function registerAuthCommand(program: Command): void {
  const auth = program.command("auth").description("The owner's sign-in: first-run setup and resets");
  auth
    .command("setup-token")
    .description("Print a one-time token (valid one hour) that lets /setup create the owner")
    .action(async () => {
      const { token, expiresAt } = await withDatabase((connection) => createSetupToken(connection.db));
      const url = setupUrl(token, getEnv().APP_URL);
      process.stdout.write(
        `Open ${url.href}\nor enter the token ${token} at /setup, before ${expiresAt.toISOString()}.\n`,
      );
    });
  auth
    .command("set-owner")
    .description("Set or reset the owner's email and password; every session signed before ends")
    .requiredOption("--email <email>", "the owner's email")
    .option("--password-stdin", "read the password from standard input instead of a prompt")
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      // The email is checked before the password is asked for: a typo fails at once.
      const { email } = parseInput(SetOwnerInputSchema.pick({ email: true }), { email: options.email });
      const password = await readPassword({
        fromStdin: options.passwordStdin === true,
        prompt: "Password (12+ characters): ",
      });
      const input = parseInput(SetOwnerInputSchema, { email, password });
      const owner = await withDatabase((connection) => setOwner(connection.db, input));
      process.stdout.write(
        `The owner is ${owner.email}. Every session signed before has ended, and two-factor is off: turn it on again in Settings.\n`,
      );
    });
}
