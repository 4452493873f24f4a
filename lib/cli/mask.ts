// Streaming redaction of secrets in a child's output. Works on bytes (as latin1 strings, one char
// per byte) so multi-byte UTF-8 split across chunks survives intact, and holds back only the tail
// that could still become a secret, so a secret split across chunk boundaries is still caught.

import { SECRET_MASK as MASK } from "@/lib/esc/masks";

export { MASK };
/** Shorter secrets are not masked: masking "a" or "on" would shred ordinary output. */
export const MIN_SECRET_LENGTH = 3;

export class SecretMasker {
  private readonly secrets: string[];
  private readonly firstBytes: Set<string>;
  private pending = "";

  constructor(secrets: Iterable<string>) {
    const unique = new Set<string>();
    for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) unique.add(Buffer.from(s, "utf8").toString("latin1"));
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...unique].sort((a, b) => b.length - a.length);
    this.firstBytes = new Set(this.secrets.map((s) => s[0]));
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** Feeds a chunk; returns what is safe to emit now. */
  push(chunk: Buffer): Buffer {
    if (!this.active) return chunk;
    const text = this.pending + chunk.toString("latin1");
    const out: string[] = [];
    let start = 0; // start of the not-yet-emitted plain run
    let i = 0;
    while (i < text.length) {
      if (!this.firstBytes.has(text[i])) {
        i++;
        continue;
      }
      const match = this.secrets.find((s) => text.startsWith(s, i));
      if (match) {
        out.push(text.slice(start, i), MASK);
        i += match.length;
        start = i;
        continue;
      }
      const rest = text.length - i;
      if (this.secrets.some((s) => s.length > rest && s.startsWith(text.slice(i)))) {
        // The remainder is a prefix of a secret: wait for more bytes before deciding.
        break;
      }
      i++;
    }
    out.push(text.slice(start, i));
    this.pending = text.slice(i);
    return Buffer.from(out.join(""), "latin1");
  }

  /** At end of stream: a held-back prefix of a secret was not a secret after all. */
  flush(): Buffer {
    const rest = this.pending;
    this.pending = "";
    return Buffer.from(rest, "latin1");
  }

  /** Masks a whole string at once (used for args and messages). */
  maskString(text: string): string {
    return Buffer.concat([this.push(Buffer.from(text, "utf8")), this.flush()]).toString("utf8");
  }
}
