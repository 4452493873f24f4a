// Limits on console sign-in: failed attempts per account (email) and per client IP. Checked
// before the password is verified, so a locked-out guesser learns nothing and costs no hashing.
import { createHash } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
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
