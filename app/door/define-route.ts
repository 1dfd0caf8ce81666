import type { z } from "zod";
import { admitCaller, identifyCaller, readBearer, type Access, type Caller } from "@/app/door/caller";
import { enforceIpLimit, type LimitName } from "@/app/door/rate-limits";
import { readRequestId } from "@/app/door/request-id";
import { respondWithError } from "@/app/door/respond-with-error";
import { parseInput, toAppError } from "@/lib/errors";
import { readJsonBody, readTextBody, refuseUnsafeText, requestIp } from "@/lib/http";
import { recordOwnerAction } from "@/services/auth";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

export interface DoorInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** The body's exact bytes as text, for doors that declare `rawBody` (signed webhooks). */
  rawBody: string;
  request: Request;
  caller: Caller;
  ip: string;
  /** For the door's own log lines: the id the answer carries. */
  requestId: string;
}

export interface RouteDoor<P extends Schema, Q extends Schema, B extends Schema> {
  /** Who may call: checked after the limit (so guessing a key costs a request) and before any input is read. */
  access: Access;
  /** The per-IP bucket this door spends from; none for doors that do no work for the caller (ping, webhooks). */
  limit?: LimitName;
  params?: P;
  query?: Q;
  /** A small JSON object body. */
  body?: B;
  /** The raw body up to this many bytes, unparsed: a provider's signature covers exactly these bytes. */
  rawBody?: { maxBytes: number };
  /** The status of a successful answer that is not a Response (200 unless said). */
  status?: number;
  headers?: HeadersInit;
  /** An owner action to write to the owner's record, succeeded or failed, with what it acted on. */
  audit?: { action: string; target?: (input: DoorInput<P, Q, B>) => string | undefined };
  handle(input: DoorInput<P, Q, B>): Promise<unknown>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

function readQuery<Q extends Schema>(request: Request, schema: Q): Parsed<Q> {
  if (!schema) return undefined as Parsed<Q>;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  refuseUnsafeText(query);
  return parseInput(schema, query) as Parsed<Q>;
}

async function readParams<P extends Schema>(context: RouteContext | undefined, schema: P): Promise<Parsed<P>> {
  if (!schema) return undefined as Parsed<P>;
  const params = (await context?.params) ?? {};
  refuseUnsafeText(params);
  return parseInput(schema, params) as Parsed<P>;
}

/** Runs an owner action and writes its line to the owner's record, whichever way it ends. */
async function withAudit<P extends Schema, Q extends Schema, B extends Schema>(
  audit: NonNullable<RouteDoor<P, Q, B>["audit"]>,
  input: DoorInput<P, Q, B>,
  run: () => Promise<unknown>,
): Promise<unknown> {
  const { caller } = input;
  const line = (outcome: "succeeded" | "failed", details: Record<string, unknown> = {}) =>
    recordOwnerAction({
      actor: caller.kind === "owner" ? caller.via : "anonymous",
      actorId: caller.kind === "owner" ? caller.keyId : undefined,
      action: audit.action,
      outcome,
      target: audit.target?.(input),
      ip: input.ip,
      details: { requestId: input.requestId, ...details },
    });
  try {
    const result = await run();
    await line("succeeded");
    return result;
  } catch (error) {
    await line("failed", { code: toAppError(error).code }).catch(() => undefined);
    throw error;
  }
}

/**
 * An owner door that turned its caller away writes that to the record too, when credentials were
 * shown: a read-only key trying to refund, a revoked key, a session from another site. The
 * presented key's first 12 characters (what the settings page lists) say which key it was.
 */
async function recordRefusal(
  action: string,
  refusal: unknown,
  context: { request: Request; caller: Caller; ip: string; requestId: string },
): Promise<void> {
  const { request, caller, ip, requestId } = context;
  if (!request.headers.has("authorization") && !request.headers.has("cookie")) return;
  const presented = readBearer(request.headers)?.match(/^agy_\S{8}/)?.[0];
  await recordOwnerAction({
    actor: caller.kind === "owner" ? caller.via : "anonymous",
    actorId: caller.kind === "owner" ? caller.keyId : presented,
    action,
    outcome: "failed",
    ip,
    details: { requestId, code: toAppError(refusal).code },
  }).catch(() => undefined);
}

// A copy, since some responses (Response.redirect) carry headers that cannot be changed.
function withRequestId(response: Response, requestId: string): Response {
  const headers = new Headers(response.headers);
  headers.set("x-request-id", requestId);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The one shape of every route handler: request id → per-IP limit → caller → params, query and
 * body validated (control characters refused, 422 naming the field) → one service call → JSON.
 * Every failure maps through the one status table; a 5xx is logged once, with the request id the
 * response carries.
 */
export function defineRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  door: RouteDoor<P, Q, B>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  return async (request, context) => {
    const requestId = readRequestId(request.headers);
    let caller: Caller | undefined;
    try {
      const ip = requestIp(request.headers);
      if (door.limit) await enforceIpLimit(door.limit, ip);
      const identified = await identifyCaller(request.headers, {
        acts: !["GET", "HEAD", "OPTIONS"].includes(request.method),
      });
      caller = identified.caller;
      try {
        admitCaller(door.access, identified);
      } catch (refusal) {
        if (door.audit) await recordRefusal(door.audit.action, refusal, { request, caller, ip, requestId });
        throw refusal;
      }
      const params = (await readParams(context, door.params)) as Parsed<P>;
      const query = readQuery(request, door.query) as Parsed<Q>;
      let body = undefined as Parsed<B>;
      let rawBody = "";
      if (door.body) {
        body = (await readJsonBody(request, door.body)) as Parsed<B>;
      } else if (door.rawBody) {
        rawBody = await readTextBody(request, door.rawBody.maxBytes);
      }
      const input = { params, query, body, rawBody, request, caller, ip, requestId };
      const result = door.audit
        ? await withAudit(door.audit, input, () => door.handle(input))
        : await door.handle(input);
      if (result instanceof Response) return withRequestId(result, requestId);
      return Response.json(result, { status: door.status, headers: { ...door.headers, "x-request-id": requestId } });
    } catch (error) {
      return respondWithError(error, {
        requestId,
        caller,
        method: request.method,
        path: new URL(request.url).pathname,
      });
    }
  };
}
