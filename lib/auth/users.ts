// User accounts: sign-up and password sign-in. A user's `login` is an ESC-style handle derived
// from the email (shown as creatorLogin/editorLogin in the API); it is unique and never changes.
import { getDb, type Db } from "@/lib/db/client";
import { ConflictError, ValidationError } from "@/lib/environments/errors";
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "./password";
import { isUniqueViolation } from "@/lib/db/errors";

export interface UserInfo {
  id: string;
  email: string;
  login: string;
  name: string;
  createdAt: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 100;
const select = { id: true, email: true, login: true, name: true, createdAt: true } as const;

export function normalizeEmail(email: unknown): string {
  if (typeof email !== "string") throw new ValidationError("the email address must be a string");
  const e = email.trim().toLowerCase();
  if (e.length > MAX_EMAIL_LENGTH || !EMAIL.test(e)) throw new ValidationError("enter a valid email address");
  return e;
}

/**
 * A login from the email's local part that fits the ESC org-name rule
 * (3–40 of [A-Za-z0-9-_], alphanumeric at both ends), e.g. "Jane.Doe+x@…" → "jane-doe-x".
 */
export function loginFromEmail(email: string): string {
  let base = email
    .split("@")[0]
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-");
  base = base
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 32)
    .replace(/[-_]+$/g, "");
  if (base.length < 3) base = `user-${base}`.replace(/-$/, "");
  return base;
}

async function uniqueLogin(db: Db, email: string): Promise<string> {
  const base = loginFromEmail(email);
  for (let i = 1; i <= 1000; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (!(await db.user.findUnique({ where: { login: candidate }, select: { id: true } }))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

export async function createUser(
  input: { email: string; password: string; name?: string },
  db: Db = getDb(),
): Promise<UserInfo> {
  const email = normalizeEmail(input.email);
  const problem = passwordProblem(input.password);
  if (problem) throw new ValidationError(problem);
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (name.length > MAX_NAME_LENGTH)
    throw new ValidationError(`the name must be at most ${MAX_NAME_LENGTH} characters`);
  const passwordHash = await hashPassword(input.password);
  // Two sign-ups can pick the same free login at once; the unique index decides, and we retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const login = await uniqueLogin(db, email);
    try {
      return await db.user.create({ data: { email, login, name: name || login, passwordHash }, select });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
        throw new ConflictError("an account with this email address already exists");
      }
    }
  }
  throw new ConflictError("could not allocate a login for this account; try again");
}

/** The user whose email and password these are, or null (same answer for unknown email and wrong password). */
export async function verifyCredentials(
  email: unknown,
  password: unknown,
  db: Db = getDb(),
): Promise<UserInfo | null> {
  if (typeof email !== "string" || typeof password !== "string") return null;
  let normalized: string;
  try {
    normalized = normalizeEmail(email);
  } catch {
    return null;
  }
  const user = await db.user.findUnique({
    where: { email: normalized },
    select: { ...select, passwordHash: true },
  });
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash());
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, login: user.login, name: user.name, createdAt: user.createdAt };
}

export async function getUserById(id: string, db: Db = getDb()): Promise<UserInfo | null> {
  return db.user.findUnique({ where: { id }, select });
}
