/**
 * How long a browser session or API token lives (docs/decisions/0012): at
 * most 30 days from sign-in, and ends sooner after SESSION_IDLE_DAYS unused.
 */
export const SIGN_IN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** "Last used" moves in steps of an hour: precise enough for an idle timeout in days, and no write per request. */
export const LAST_USED_STEP_MS = 60 * 60 * 1000;
