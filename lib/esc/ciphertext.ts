// The ciphertext envelope of `fn::secret: {ciphertext: …}` (SEMANTICS.md §7.2):
//
//   base64std( "escx" ‖ uint32be(1) ‖ ciphertext ‖ crc32-IEEE-be(all preceding bytes) )
//
// Decoding reproduces the reference's error texts exactly, because they surface verbatim in
// diagnostics (`invalid ciphertext: <text>`): Go's base64 errors ("illegal base64 data at input
// byte N"), `EOF` for envelopes shorter than 16 bytes, `invalid header`, `invalid checksum` and
// `unsupported version`, checked in that order. Pure TypeScript (no Buffer) so it runs anywhere.

const MAGIC = [0x65, 0x73, 0x63, 0x78]; // "escx"
const VERSION = 1;
// The reference insists on 16 bytes even though magic + version + checksum is only 12; an
// envelope around an empty ciphertext is therefore undecodable there, and here too.
const MIN_ENVELOPE = 16;

/** Thrown by decodeCiphertext; `message` is the reference's text (without the `invalid ciphertext: ` prefix). */
export class CiphertextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CiphertextError";
  }
}

export function encodeCiphertext(ciphertext: Uint8Array): string {
  const envelope = new Uint8Array(8 + ciphertext.length + 4);
  envelope.set(MAGIC, 0);
  writeUint32BE(envelope, 4, VERSION);
  envelope.set(ciphertext, 8);
  writeUint32BE(envelope, envelope.length - 4, crc32(envelope.subarray(0, envelope.length - 4)));
  return encodeBase64(envelope);
}

/** Returns the ciphertext inside the envelope, or throws a CiphertextError with the reference's text. */
export function decodeCiphertext(repr: string): Uint8Array {
  const bin = decodeBase64Std(new TextEncoder().encode(repr));
  if (bin.length < MIN_ENVELOPE) throw new CiphertextError("EOF");
  for (let i = 0; i < MAGIC.length; i++) {
    if (bin[i] !== MAGIC[i]) throw new CiphertextError("invalid header");
  }
  const expected = readUint32BE(bin, bin.length - 4);
  if (crc32(bin.subarray(0, bin.length - 4)) !== expected) throw new CiphertextError("invalid checksum");
  if (readUint32BE(bin, 4) !== VERSION) throw new CiphertextError("unsupported version");
  return bin.slice(8, bin.length - 4);
}

function writeUint32BE(buf: Uint8Array, at: number, value: number): void {
  buf[at] = (value >>> 24) & 0xff;
  buf[at + 1] = (value >>> 16) & 0xff;
  buf[at + 2] = (value >>> 8) & 0xff;
  buf[at + 3] = value & 0xff;
}

function readUint32BE(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]) >>> 0;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 with the IEEE polynomial (as Go's hash/crc32.IEEETable and zlib). */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE_MAP = (() => {
  const map = new Int16Array(256).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) map[ALPHABET.charCodeAt(i)] = i;
  return map;
})();
const PAD = 0x3d; // '='
const CR = 0x0d;
const LF = 0x0a;

function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63] + ALPHABET[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + "==";
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63] + "=";
  }
  return out;
}

function corrupt(offset: number): CiphertextError {
  return new CiphertextError(`illegal base64 data at input byte ${offset}`);
}

/**
 * Go's base64.StdEncoding.DecodeString, quantum by quantum, so that the reported offset of
 * the first bad byte is the same: padding is required, CR/LF are skipped anywhere, and
 * anything after the padding is "trailing garbage". Non-canonical trailing bits are accepted
 * (StdEncoding is not Strict).
 */
function decodeBase64Std(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor(src.length / 4) * 3 + 3);
  let n = 0;
  let si = 0;
  const quantum = [0, 0, 0, 0];
  while (si < src.length) {
    let dlen = 4;
    let trailingGarbageAt = -1;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        // j > 0 here: the outer loop only starts a quantum when input remains (maybe only CR/LF).
        if (j === 0) return out.slice(0, n);
        throw corrupt(si - j);
      }
      const c = src[si++];
      const v = DECODE_MAP[c];
      if (v >= 0) {
        quantum[j] = v;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD) throw corrupt(si - 1);
      // Padding: only valid after 2 or 3 data characters of this quantum.
      if (j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== PAD) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailingGarbageAt = si;
      dlen = j;
      break;
    }
    for (let k = dlen; k < 4; k++) quantum[k] = 0;
    const v = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    if (dlen >= 2) out[n++] = (v >>> 16) & 0xff;
    if (dlen >= 3) out[n++] = (v >>> 8) & 0xff;
    if (dlen >= 4) out[n++] = v & 0xff;
    if (trailingGarbageAt >= 0) throw corrupt(trailingGarbageAt);
    if (dlen < 4) break;
  }
  return out.slice(0, n);
}
