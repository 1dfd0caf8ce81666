import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/schema";

export const CreateApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, { message: "is required" }).max(100, { message: "must be at most 100 characters" }),
  scope: z.enum(API_KEY_SCOPES, { message: "must be read or write" }),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInputSchema>;
