// Every database column sealed with the master key, with the context (AAD) each row was sealed
// under. Key rotation rewraps exactly these, and the start-up check probes them. The contexts
// repeat what the writers use (lib/crypto/org-crypter.ts, lib/oidc/default-signing-keys.ts,
// lib/api/open-sessions.ts); lib/crypto/rotate-master-key.test.ts reads rows back through those
// writers' own readers after a rotation, so a drift shows as a failing test.
import type { Db, DbTx } from "@/lib/db/client";
import { dataKeyContext } from "./org-crypter";

export const SIGNING_KEY_CONTEXT = "oidc-signing-key";
export const openSessionContext = (id: string) => `open-session:${id}`;

export interface SealedRow {
  table: "Organization" | "SigningKey" | "OpenSession";
  id: string;
  context: string;
  sealed: Uint8Array;
}

/** One sealed row, if the database holds any: what the start-up check tries the master key on. */
export async function firstSealedRow(db: Db | DbTx): Promise<SealedRow | undefined> {
  const org = await db.organization.findFirst({
    where: { wrappedDataKey: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { id: true, wrappedDataKey: true },
  });
  if (org?.wrappedDataKey) {
    return {
      table: "Organization",
      id: org.id,
      context: dataKeyContext(org.id),
      sealed: new Uint8Array(org.wrappedDataKey),
    };
  }
  const key = await db.signingKey.findFirst({
    orderBy: { createdAt: "asc" },
    select: { kid: true, privateKey: true },
  });
  if (key)
    return {
      table: "SigningKey",
      id: key.kid,
      context: SIGNING_KEY_CONTEXT,
      sealed: new Uint8Array(key.privateKey),
    };
  const session = await db.openSession.findFirst({
    where: { expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "asc" },
    select: { id: true, payload: true },
  });
  if (session) {
    return {
      table: "OpenSession",
      id: session.id,
      context: openSessionContext(session.id),
      sealed: new Uint8Array(session.payload),
    };
  }
  return undefined;
}
