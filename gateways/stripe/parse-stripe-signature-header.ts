export interface StripeSignatureHeader {
  /** `-1` when the header has no `t=`; `NaN` when its value does not start with digits. */
  timestamp: number;
  /** Every `v1=` value, in order (`undefined` for a bare `v1`); other schemes are ignored. */
  signatures: (string | undefined)[];
}

/**
 * Reads a `Stripe-Signature` header exactly as Stripe's SDK does (its `parseHeader`, stripe-node
 * 23), so the timestamp checked here is the one the SDK's HMAC covers: entries split on `,`, each
 * split on `=` with only its first two parts read (`v1=a=b` is `a`), keys compared as sent (no
 * trimming, case kept), the last `t=` winning and read with `parseInt` (leading blanks skipped,
 * trailing junk dropped), every `v1=` kept.
 */
export function parseStripeSignatureHeader(header: string): StripeSignatureHeader {
  return header.split(",").reduce<StripeSignatureHeader>(
    (parsed, item) => {
      const [key, value] = item.split("=");
      // `parseInt(undefined)`, as the SDK calls it for a bare `t`, is NaN too.
      if (key === "t") parsed.timestamp = parseInt(value ?? "", 10);
      if (key === "v1") parsed.signatures.push(value);
      return parsed;
    },
    { timestamp: -1, signatures: [] },
  );
}
