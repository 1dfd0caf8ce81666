import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { readActionHeaders } from "@/app/door/action-headers";
import { authorizeCaller, type Access, type Caller } from "@/app/door/caller";
import { logServerError } from "@/app/door/log-server-error";
import { enforceIpLimit, type LimitName } from "@/app/door/rate-limits";
import { readRequestId } from "@/app/door/request-id";
import { AppError, parseInput, toAppError } from "@/lib/errors";
import { refuseUnsafeText, requestIp } from "@/lib/http";

export interface ActionDoor<Args extends unknown[], S extends z.ZodType, R> {
  /** Names the action in logs. */
  name: string;
  access: Access;
  /** The per-IP bucket, shared with the route doing the same work. */
  limit?: LimitName;
  input: S;
  /**
   * The raw input from the action's arguments (a FormData, an id). Anyone can call an action with
   * any arguments, so this may meet junk; what it throws is answered as a bad input.
   */
  read(...args: Args): unknown;
  handle(input: z.infer<S>, context: { caller: Caller; ip: string }): Promise<R>;
  /** The answer when the action cannot go on: the error's message for its audience is in `message`. */
  refuse(failure: { error: AppError; message: string }, raw: unknown): R;
}

function readInput<Args extends unknown[]>(read: (...args: Args) => unknown, args: Args): unknown {
  try {
    return read(...args);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("validation_failed", "The action's arguments could not be read", {
      field: "input",
      userMessage: "input: could not be read",
      cause: error,
    });
  }
}

/**
 * The one shape of every server action, as `defineRoute` is for route handlers: per-IP limit →
 * caller → input read and validated (control characters refused) → one service call. It never
 * throws for the caller's input: a refusal is an answer (`refuse`), and a failure of ours is logged
 * once with the request id. Next's own redirects pass through.
 */
export function defineAction<Args extends unknown[], S extends z.ZodType, R>(
  door: ActionDoor<Args, S, R>,
): (...args: Args) => Promise<R> {
  return async (...args) => {
    const requestHeaders = await readActionHeaders();
    const requestId = readRequestId(requestHeaders);
    let caller: Caller | undefined;
    let raw: unknown;
    try {
      const ip = requestIp(requestHeaders);
      if (door.limit) await enforceIpLimit(door.limit, ip);
      caller = await authorizeCaller(door.access, requestHeaders, { acts: true });
      raw = readInput(door.read, args);
      refuseUnsafeText(raw);
      return await door.handle(parseInput(door.input, raw), { caller, ip });
    } catch (error) {
      unstable_rethrow(error);
      const appError = toAppError(error);
      logServerError(appError, { requestId, action: door.name });
      const message = caller?.kind === "owner" ? appError.ownerMessage : appError.userMessage;
      return door.refuse({ error: appError, message }, raw);
    }
  };
}
