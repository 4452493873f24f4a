"use client";
// Keeps the editor's unsaved text in localStorage so a reload, a crash or a closed tab never
// costs work, and offers it back ("Restore draft / Discard") when the editor opens again with a
// saved text it differs from. The text may hold plaintext secrets (the user may see them; the
// editor edits plaintext), and browser storage is a file in the profile, so the draft is stored
// only as AES-GCM ciphertext under a key the server derives for this user and environment
// (lib/environments/draft-key.ts) and the page holds in memory. Without that key (no server, no
// WebCrypto on a non-secure origin) drafts are simply not kept: never in plaintext.
import { useCallback, useEffect, useRef, useState } from "react";
import { editorDraftKeyAction } from "@/lib/actions/editor-draft-key";

/** How long typing must pause before the draft is written. */
const WRITE_DELAY_MS = 400;

export interface DraftOffer {
  text: string;
  /** The revision the draft was edited from. */
  baseRevision: number;
  savedAt: number;
}

interface StoredDraft {
  v: 1;
  base: number;
  at: number;
  iv: string;
  data: string;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function encryptDraft(
  key: CryptoKey,
  storageKey: string,
  text: string,
  base: number,
): Promise<StoredDraft> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(storageKey) },
    key,
    new TextEncoder().encode(text),
  );
  return { v: 1, base, at: Date.now(), iv: b64(iv), data: b64(new Uint8Array(data)) };
}

async function decryptDraft(key: CryptoKey, storageKey: string, stored: StoredDraft): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: unb64(stored.iv), additionalData: new TextEncoder().encode(storageKey) },
    key,
    unb64(stored.data),
  );
  return new TextDecoder().decode(plain);
}

function readStored(storageKey: string): StoredDraft | null {
  try {
    const raw = window.localStorage.getItem(storageKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft;
    return parsed?.v === 1 && typeof parsed.iv === "string" && typeof parsed.data === "string"
      ? parsed
      : null;
  } catch {
    return null;
  }
}

function removeStored(storageKey: string) {
  try {
    window.localStorage.removeItem(storageKey);
  } catch {
    // storage disabled: nothing was stored
  }
}

export function draftStorageKey(org: string, project: string, env: string): string {
  return `esc:draft:${org}/${project}/${env}`;
}

/**
 * `text` is the editor's current text, `savedText` the last saved one, `revision` the revision
 * it was loaded from. Returns the draft on offer (null when there is none) and the two choices.
 */
export function useDraftRecovery(opts: {
  org: string;
  project: string;
  env: string;
  revision: number;
  text: string;
  savedText: string;
}): { offer: DraftOffer | null; restore(): string | null; discard(): void } {
  const { org, project, env, revision, text, savedText } = opts;
  const storageKey = draftStorageKey(org, project, env);
  const [key, setKey] = useState<CryptoKey | null>(null);
  const [offer, setOffer] = useState<DraftOffer | null>(null);
  // Until the stored draft has been looked at (and, if offered, restored or discarded), nothing
  // is written: the page's first text must not overwrite the draft it is about to offer.
  const [decided, setDecided] = useState(false);
  const latest = useRef({ text, savedText, revision });
  latest.current = { text, savedText, revision };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (typeof crypto === "undefined" || !crypto.subtle) return; // not a secure context: no drafts
      const result = await editorDraftKeyAction({ org, project, env }).catch(() => null);
      if (cancelled || !result?.ok) return;
      const cryptoKey = await crypto.subtle.importKey("raw", unb64(result.data), "AES-GCM", false, [
        "encrypt",
        "decrypt",
      ]);
      if (cancelled) return;
      setKey(cryptoKey);
      const stored = readStored(storageKey);
      const draft = stored ? await decryptDraft(cryptoKey, storageKey, stored).catch(() => null) : null;
      if (cancelled) return;
      // A draft equal to the saved text (or to what is already typed) has nothing to restore.
      if (draft !== null && draft !== latest.current.savedText && draft !== latest.current.text) {
        setOffer({ text: draft, baseRevision: stored!.base, savedAt: stored!.at });
      } else {
        // Another user's draft on a shared browser cannot be decrypted: leave it be.
        if (draft !== null) removeStored(storageKey);
        setDecided(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [org, project, env, storageKey]);

  // Write (or clear, once saved) shortly after typing pauses.
  useEffect(() => {
    if (!key || !decided) return;
    if (text === savedText) {
      removeStored(storageKey); // saved (or back to the saved text): nothing to recover
      return;
    }
    const timer = setTimeout(async () => {
      try {
        const stored = await encryptDraft(key, storageKey, text, latest.current.revision);
        // The text may have been saved meanwhile: do not resurrect a draft of it.
        if (latest.current.text !== latest.current.savedText)
          window.localStorage.setItem(storageKey, JSON.stringify(stored));
      } catch {
        // storage full or disabled: the draft is not kept; the editor still works
      }
    }, WRITE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, decided, text, savedText, storageKey]);

  const restore = useCallback(() => {
    const text = offer?.text ?? null;
    setOffer(null);
    setDecided(true);
    return text;
  }, [offer]);

  const discard = useCallback(() => {
    removeStored(storageKey);
    setOffer(null);
    setDecided(true);
  }, [storageKey]);

  return { offer, restore, discard };
}
