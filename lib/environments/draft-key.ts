// The key that encrypts an editor draft kept in the browser. A draft holds the definition as the
// user typed it, plaintext secrets included, and browser storage ends up on disk in the profile;
// so the browser stores only AES-GCM ciphertext and asks the server for this key each time it
// loads the editor. The key is derived (HKDF-SHA256) from the master key, the environment's id
// and the user's id: never stored anywhere, different for every user and environment, and handed
// only to a caller who may read the environment. Rotating the master key orphans old drafts,
// which is harmless (they are then simply not offered).
import { hkdfSync } from "node:crypto";
import { getMasterKey } from "@/lib/crypto/master-key";
import { getDb, type Db } from "@/lib/db/client";
import { getEnvironment } from "./get-environment";
import type { Actor } from "./types";

export const DRAFT_KEY_BYTES = 32;

export async function editorDraftKey(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  db: Db = getDb(),
): Promise<Uint8Array> {
  // Checks membership and the caller's permission to read this environment, scoped by org.
  const environment = await getEnvironment(actor, orgName, project, env, undefined, db);
  const key = hkdfSync(
    "sha256",
    getMasterKey(),
    Buffer.from(environment.id, "utf8"),
    Buffer.from(`esc editor draft v1\0${actor.userId}`, "utf8"),
    DRAFT_KEY_BYTES,
  );
  return new Uint8Array(key);
}
