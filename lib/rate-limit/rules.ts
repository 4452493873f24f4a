// The limits, read from the environment so operators can tune them without a rebuild.
//   ESC_RATE_LIMIT_API_PER_MINUTE          API requests per access token per minute (600)
//   ESC_RATE_LIMIT_SIGNIN_FAILURES         failed sign-ins per account and per IP per 15 min (10)
//   ESC_RATE_LIMIT_TOKEN_FAILURES          failed token authentications per IP per 15 min (100)
// 0 turns a limit off.
import type { Rule } from "./counter";

const MINUTE = 60_000;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number of at least 0 (0 turns the limit off)`);
  }
  return value;
}

export const apiRequestsPerToken = (): Rule => ({
  limit: intFromEnv("ESC_RATE_LIMIT_API_PER_MINUTE", 600),
  windowMs: MINUTE,
});
export const failedSignIns = (): Rule => ({
  limit: intFromEnv("ESC_RATE_LIMIT_SIGNIN_FAILURES", 10),
  windowMs: 15 * MINUTE,
});
export const failedTokenAuthentications = (): Rule => ({
  limit: intFromEnv("ESC_RATE_LIMIT_TOKEN_FAILURES", 100),
  windowMs: 15 * MINUTE,
});
