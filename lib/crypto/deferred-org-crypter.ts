// An OrgCrypter whose data key is still being read. Evaluation starts (and loads its imports)
// while the organization's key comes from the database, instead of waiting for it first: on
// PostgreSQL every such wait is a turn in line behind every other request (BENCHMARKS.md,
// bench:load). Whoever starts the read must also await it, so that a failed read fails the call.
import type { SecretCrypter } from "@/lib/esc/contract";
import type { OrgCrypter } from "./org-crypter";

export function deferredOrgCrypter(pending: Promise<OrgCrypter>): OrgCrypter {
  const later = (pick: (crypter: OrgCrypter) => SecretCrypter): SecretCrypter => ({
    encrypt: async (plaintext) => pick(await pending).encrypt(plaintext),
    decrypt: async (ciphertext) => pick(await pending).decrypt(ciphertext),
  });
  return {
    forEnvironment: (environmentId) => later((crypter) => crypter.forEnvironment(environmentId)),
    notStored: later((crypter) => crypter.notStored),
  };
}
