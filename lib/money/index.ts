export { CurrencyCodeSchema, currencyExponent, isCurrencyCode, type CurrencyCode } from "@/lib/money/currency";
export { formatMoney } from "@/lib/money/format-money";
export {
  addMoney,
  MinorUnitsSchema,
  money,
  MoneySchema,
  parseMajorUnits,
  toMajorUnitsString,
  type Money,
} from "@/lib/money/money";
