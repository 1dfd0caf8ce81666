"use server";

import { z } from "zod";
import { defineAction } from "@/app/door";
import type { RevealedLicense } from "@/components/checkout";
import { revealOrderLicense } from "@/services/payment";

/** The buyer's page asks for the key once its order is paid; the key is given once. */
export const revealLicense = defineAction({
  name: "revealLicense",
  access: "public",
  limit: "orders",
  input: z.object({ orderId: z.uuid({ message: "must be an order id" }) }),
  read: (orderId: string) => ({ orderId }),
  async handle({ orderId }): Promise<RevealedLicense> {
    const license = await revealOrderLicense(orderId);
    if (!license) return { state: "unknown" };
    if (license.state === "revealed")
      return { state: "revealed", key: license.key, expiresAt: license.expiresAt.toISOString() };
    return license.state === "waiting"
      ? { state: "waiting", orderStatus: license.orderStatus }
      : { state: "already_revealed" };
  },
  refuse: (): RevealedLicense => ({ state: "unknown" }),
});
