import { currencyExponent } from "@/lib/money/currency";
import { toMajorUnitsString, type Money } from "@/lib/money/money";

/**
 * Formats money for people ("$1,234.50", "500.000 ₫"). The exact decimal string goes to Intl,
 * so no float ever touches the amount.
 */
export function formatMoney(value: Money, locale = "en-US"): string {
  const digits = currencyExponent(value.currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: value.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat formats decimal strings exactly (ECMA-402 NumberFormat v3).
  return formatter.format(toMajorUnitsString(value) as unknown as number);
}
