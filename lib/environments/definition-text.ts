// Checks on definition text coming in, and the encryption of its new plaintext secrets.
import { encryptSecrets, SecretRewriteError } from "@/lib/esc/crypt";
import type { SecretCrypter } from "@/lib/esc/contract";
import { ValidationError } from "./errors";

export const MAX_DEFINITION_BYTES = 1024 * 1024;

export function checkDefinitionText(yaml: unknown): string {
  if (typeof yaml !== "string") throw new ValidationError("the environment definition must be YAML text");
  if (Buffer.byteLength(yaml, "utf8") > MAX_DEFINITION_BYTES) {
    throw new ValidationError(`the environment definition is larger than ${MAX_DEFINITION_BYTES / 1024} KiB`);
  }
  return yaml;
}

/** The definition with every plaintext `fn::secret` turned into ciphertext, as it is stored. */
export async function encryptDefinition(yaml: string, crypter: SecretCrypter): Promise<string> {
  try {
    return await encryptSecrets(yaml, crypter);
  } catch (error) {
    // Its messages name the place in the document, never the secret.
    if (error instanceof SecretRewriteError) throw new ValidationError(error.message);
    throw error;
  }
}
