// Environment ids for new environments, made here rather than by the database's cuid() default:
// a definition's `fn::secret` ciphertext is bound to its environment's id (lib/crypto/org-crypter.ts),
// so creating or cloning an environment encrypts before the row exists, outside the transaction.
import { newRowId } from "@/lib/db/row-id";

export const newEnvironmentId = newRowId;
