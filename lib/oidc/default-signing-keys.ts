// Placeholder until the database and master-key sealing land (see prisma-key-store.ts).
import type { SigningKeys } from "./signing-keys";

export function defaultSigningKeys(): SigningKeys {
  throw new Error("the OIDC signing keys are not wired to the database yet");
}
