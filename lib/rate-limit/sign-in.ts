// Limits on console sign-in: failed attempts per account (email) and per client IP. Checked
// before the password is verified, so a locked-out guesser learns nothing and costs no hashing.
import { createHash } from "node:crypto";
import { CredentialsSignin } from "next-auth";
import type { NextRequest } from "next/server";
import { getDb, type Db } from "@/lib/db/client";
import { clientIp } from "./client-ip";
import { hit, peek, type Verdict } from "./counter";
import { failedSignIns } from "./rules";

// The account key is a hash of the normalised email, so the table holds no addresses.
const accountKey = (email: string) =>
  `signin-account:${createHash("sha256").update(email.trim().toLowerCase(), "utf8").digest("hex")}`;
const ipKey = (ip: string) => `signin-ip:${ip}`;

/** The verdict for the account or IP that is over the limit, or null when neither is. */
export async function signInBlocked(email: string, ip: string, db: Db = getDb()): Promise<Verdict | null> {
  const rule = failedSignIns();
  for (const key of [accountKey(email), ipKey(ip)]) {
    const verdict = await peek(db, key, rule);
    if (verdict.limited) return verdict;
  }
  return null;
}

export async function recordFailedSignIn(email: string, ip: string, db: Db = getDb()): Promise<void> {
  const rule = failedSignIns();
  await hit(db, accountKey(email), rule);
  await hit(db, ipKey(ip), rule);
}

/**
 * Thrown from the Credentials provider's authorize when the account or address is locked out.
 * next-auth passes CredentialsSignin subclasses through as they are: the sign-in action sees
 * `code === "rate_limited"`, and the /auth callback redirects with `&code=rate_limited`.
 */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super("too many failed sign-ins");
  }
}

export function isSignInRateLimited(err: unknown): err is SignInRateLimited {
  return err instanceof CredentialsSignin && err.code === "rate_limited";
}

/**
 * Runs `verify` (the password check) unless the account or the client's address has failed too
 * often; counts a failure when it returns null.
 */
export async function verifyWithinLimits<T>(
  email: string,
  request: Request,
  verify: () => Promise<T | null>,
  db: Db = getDb(),
): Promise<T | null> {
  const ip = clientIp(request.headers);
  const blocked = await signInBlocked(email, ip, db);
  if (blocked) throw new SignInRateLimited(blocked.retryAfterSeconds);
  const user = await verify();
  if (!user) await recordFailedSignIn(email, ip, db);
  return user;
}

/**
 * Wraps next-auth's POST handler so a direct POST to /auth/callback/credentials from a locked
 * account or address is answered 429 with Retry-After (the console's server action gets
 * SignInRateLimited instead, since a server action cannot answer with a status).
 */
export function limitCredentialsCallback(post: (req: NextRequest) => Promise<Response>) {
  return async (req: NextRequest): Promise<Response> => {
    if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
      const form = await req
        .clone()
        .formData()
        .catch(() => null);
      const email = form?.get("email");
      const blocked = await signInBlocked(typeof email === "string" ? email : "", clientIp(req.headers));
      if (blocked) {
        return Response.json(
          { code: 429, message: `Too many failed sign-ins. Retry after ${blocked.retryAfterSeconds} s.` },
          {
            status: 429,
            headers: { "Retry-After": String(blocked.retryAfterSeconds), "Cache-Control": "no-store" },
          },
        );
      }
    }
    return post(req);
  };
}
