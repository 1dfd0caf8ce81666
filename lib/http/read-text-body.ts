import { AppError } from "@/lib/errors";

const tooLarge = (maxBytes: number) =>
  new AppError("bad_request", "Body too large", { userMessage: `The request body exceeds ${maxBytes} bytes.` });

/**
 * The body's exact bytes as text, refusing more than `maxBytes` without buffering them. Webhook
 * signatures are computed over these bytes, so nothing may parse or re-encode them first.
 */
export async function readTextBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
