// Environment ids for new environments, made here rather than by the database's cuid() default:
// a definition's `fn::secret` ciphertext is bound to its environment's id (lib/crypto/org-crypter.ts),
// so creating or cloning an environment encrypts before the row exists, outside the transaction.
// Same shape as Prisma's cuid(): "c", the time in base 36, then random base-36 characters, 25 in all.
import { randomBytes } from "node:crypto";

export function newEnvironmentId(): string {
  let random = "";
  for (const byte of randomBytes(16)) random += (byte % 36).toString(36);
  return `c${Date.now().toString(36)}${random}`.slice(0, 25);
}
