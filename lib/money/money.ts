import { z } from "zod";
import { CurrencyCodeSchema, currencyExponent } from "@/lib/money/currency";

/** An amount of money: an integer count of the currency's minor units. No floats, ever. */
export interface Money {
  amountMinor: number;
  currency: string;
}

export const MinorUnitsSchema = z
  .number()
  .int({ message: "must be a whole number of minor units" })
  .refine(Number.isSafeInteger, { message: "is too large" });

export const MoneySchema = z.object({ amountMinor: MinorUnitsSchema, currency: CurrencyCodeSchema });

export function money(amountMinor: number, currency: string): Money {
  return MoneySchema.parse({ amountMinor, currency });
}

/**
 * Parses a decimal string in major units ("12.50") into minor units exactly, by string arithmetic.
 * Rejects more decimals than the currency has (VND has none).
 */
export function parseMajorUnits(input: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(input.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${input}`);
  const [, sign, whole = "0", fraction = ""] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`${currency} takes at most ${exponent} decimal places: ${input}`);
  }
  const digits = `${whole}${fraction.padEnd(exponent, "0")}`;
  const amountMinor = Number(BigInt(digits) * (sign ? -1n : 1n));
  return money(amountMinor, currency);
}

/** The amount in major units as an exact decimal string ("1234.50", "-0.05", "500000"). */
export function toMajorUnitsString({ amountMinor, currency }: Money): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(amountMinor)
    .toString()
    .padStart(exponent + 1, "0");
  const sign = amountMinor < 0 ? "-" : "";
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new RangeError(`Cannot add ${a.currency} to ${b.currency}`);
  }
  return money(a.amountMinor + b.amountMinor, a.currency);
}
