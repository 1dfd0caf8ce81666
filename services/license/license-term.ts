import type { BillingInterval } from "@/db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A one-time purchase, and an annual renewal, each run this long. */
export const LICENSE_TERM_DAYS = 365;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/**
 * One paid period after `from`: a year is 365 days; a month is one calendar month in UTC, clamped
 * to the month's last day (31 January → 28 or 29 February), keeping the time of day.
 */
export function addBillingPeriod(from: Date, interval: BillingInterval): Date {
  if (interval === "year") return addDays(from, LICENSE_TERM_DAYS);
  const next = new Date(from.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

/**
 * The new expiry after a renewal: always from the current expiry, never from today, so paying
 * early loses nothing and paying late gains nothing.
 */
export function renewedExpiry(currentExpiry: Date, interval: BillingInterval): Date {
  return addBillingPeriod(currentExpiry, interval);
}
