"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, formFields } from "@/app/door";
import { completeSimulatedCheckout } from "@/services/payment";

const AnswerSchema = z.object({
  orderId: z.uuid({ message: "must be an order id" }),
  outcome: z.enum(["approved", "declined"], { message: "must be approved or declined" }),
});

/** The buyer's button on the simulated checkout page: sends the provider's event, then shows the order. */
export const answerSimulatedCheckout = defineAction({
  name: "answerSimulatedCheckout",
  access: "public",
  limit: "payments",
  input: AnswerSchema,
  read: (form: FormData) => formFields(form),
  async handle({ orderId, outcome }): Promise<void> {
    await completeSimulatedCheckout(orderId, outcome);
    redirect(`/checkout/success?order=${orderId}`);
  },
  // Nothing to say beside the buttons: the page shows the order as it stands when it renders again.
  refuse: () => undefined,
});
