/** How long a password the hub made (for a new account, or on a reset) lets its user sign in. */
export const ONE_TIME_PASSWORD_HOURS = 72;

/** When a one-time password set at `now` stops working. */
export function oneTimePasswordUntil(now: Date): string {
  return new Date(now.getTime() + ONE_TIME_PASSWORD_HOURS * 3_600_000).toISOString();
}
