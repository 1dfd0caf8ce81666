import { AppError } from "@/lib/errors";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limit";

const WRONG_ALLOWED = 5;
const WINDOW_SECONDS = 15 * 60;

let attempts: RateLimiter | undefined;
const limiter = () =>
  (attempts ??= createRateLimiter({
    name: "password-attempts",
    perMinute: WRONG_ALLOWED,
    windowSeconds: WINDOW_SECONDS,
  }));

export interface PasswordAttempt {
  /** The answer was right: the attempt gives its point back, so only wrong ones count. */
  succeeded(): Promise<void>;
}

/**
 * One guess at the owner's password or second factor: five wrong per 15 minutes, counted per
 * address and per email. The point is spent before anything is checked, so a burst of guesses
 * sent at once cannot all slip past the count while the first are still being checked; a right
 * answer gives it back. Throws `rate_limited` (with `retryAfterSeconds`) once either count is spent.
 */
export async function beginPasswordAttempt(subject: { ip?: string; email: string }): Promise<PasswordAttempt> {
  const keys = [`email:${subject.email}`, ...(subject.ip ? [`ip:${subject.ip}`] : [])];
  const decisions = await Promise.all(keys.map((key) => limiter().consume(key)));
  const blocked = decisions.filter((decision) => !decision.allowed);
  if (blocked.length > 0) {
    const retryAfterSeconds = Math.max(...blocked.map((decision) => decision.retryAfterSeconds));
    throw new AppError("rate_limited", "Too many wrong passwords or codes", {
      userMessage: `Too many failed attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      details: { retryAfterSeconds },
    });
  }
  return { succeeded: async () => void (await Promise.all(keys.map((key) => limiter().refund(key)))) };
}
