import { getEnv } from "@/lib/env";
import { verifyOwnerApiKey } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";

/** The shape of every owner endpoint: the owner's API key first, then the work; errors through the one table. */
export async function handleOwnerRequest(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    verifyOwnerApiKey(request.headers, getEnv().OWNER_API_KEY);
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}
