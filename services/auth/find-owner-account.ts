import type { Executor } from "@/db/client";
import { ownerAccounts, type OwnerAccount } from "@/db/schema";

/** The owner, or null before first-run setup. */
export async function findOwnerAccount(db: Executor): Promise<OwnerAccount | null> {
  const [owner] = await db.select().from(ownerAccounts).limit(1);
  return owner ?? null;
}
