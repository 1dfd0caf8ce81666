import { z } from "zod";

// ISO 4217 minor-unit exponents that differ from the usual 2. CLDR (and so Intl) disagrees with
// ISO for a few currencies (IDR, HUF …); payment providers follow ISO, so this table does too.
const NON_DEFAULT_EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const KNOWN_CURRENCIES = new Set<string>([
  ...Intl.supportedValuesOf("currency"),
  ...Object.keys(NON_DEFAULT_EXPONENTS),
]);

export function isCurrencyCode(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/** An ISO 4217 code, upper-cased on the way in. */
export const CurrencyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, { message: "must be an ISO 4217 currency code such as USD or VND" });

export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;

/** How many decimal places the currency's minor unit has: USD 2, VND 0, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (!isCurrencyCode(code)) throw new RangeError(`Unknown currency: ${currency}`);
  return NON_DEFAULT_EXPONENTS[code] ?? 2;
}
