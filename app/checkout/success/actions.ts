"use server";

import type { RevealedLicense } from "@/components/checkout";
import { revealOrderLicense } from "@/services/payment";

/** The buyer's page asks for the key once its order is paid; the key is given once. */
export async function revealLicense(orderId: string): Promise<RevealedLicense> {
  const license = await revealOrderLicense(orderId);
  if (!license) return { state: "unknown" };
  if (license.state === "revealed")
    return { state: "revealed", key: license.key, expiresAt: license.expiresAt.toISOString() };
  return license.state === "waiting"
    ? { state: "waiting", orderStatus: license.orderStatus }
    : { state: "already_revealed" };
}
