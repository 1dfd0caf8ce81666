import type { Executor } from "@/db/client";
import type { OwnerAccount } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findOwnerAccount } from "@/services/auth/find-owner-account";

/** The owner; `not_found` before first-run setup. */
export async function getOwnerAccount(db: Executor): Promise<OwnerAccount> {
  const owner = await findOwnerAccount(db);
  if (!owner) throw new AppError("not_found", "No owner", { userMessage: "The owner is not set up yet." });
  return owner;
}
