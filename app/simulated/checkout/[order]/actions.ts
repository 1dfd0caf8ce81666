"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { parseInput } from "@/lib/errors";
import { completeSimulatedCheckout } from "@/services/payment";

const AnswerSchema = z.object({
  orderId: z.uuid({ message: "must be an order id" }),
  outcome: z.enum(["approved", "declined"], { message: "must be approved or declined" }),
});

/** The buyer's button on the simulated checkout page: sends the provider's event, then shows the order. */
export async function answerSimulatedCheckout(form: FormData): Promise<void> {
  const { orderId, outcome } = parseInput(AnswerSchema, Object.fromEntries(form));
  await completeSimulatedCheckout(orderId, outcome);
  redirect(`/checkout/success?order=${orderId}`);
}
