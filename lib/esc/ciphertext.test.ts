import { describe, expect, it } from "vitest";
import { CiphertextError, crc32, decodeCiphertext, encodeCiphertext } from "./ciphertext";
import { rot128 } from "./testing/rot128";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function decodeError(repr: string): string {
  try {
    decodeCiphertext(repr);
  } catch (err) {
    expect(err).toBeInstanceOf(CiphertextError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(repr)} to be rejected`);
}

describe("ciphertext envelope", () => {
  it("decodes the reference example to hunter2 with rot128", async () => {
    const ct = decodeCiphertext("ZXNjeAAAAAHo9e705fKyKo30VQ==");
    expect(text(await rot128.decrypt(ct))).toBe("hunter2");
  });

  it("encodes exactly like the reference", async () => {
    expect(encodeCiphertext(await rot128.encrypt(utf8("hunter2")))).toBe("ZXNjeAAAAAHo9e705fKyKo30VQ==");
    expect(encodeCiphertext(await rot128.encrypt(utf8("secretAccessKey")))).toBe("ZXNjeAAAAAHz5ePy5fTB4+Pl8/PL5fnJxPD7");
  });

  it("round-trips every length and byte value", () => {
    for (let len = 4; len < 70; len++) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 37 + len) & 0xff);
      expect(decodeCiphertext(encodeCiphertext(bytes))).toEqual(bytes);
    }
  });

  it("computes the IEEE CRC-32", () => {
    expect(crc32(utf8("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it("reports the reference's error texts", () => {
    expect(decodeError("hunter23")).toBe("EOF"); // ciphertext-invalid golden: valid base64, 6 bytes
    expect(decodeError("")).toBe("EOF");
    expect(decodeError("aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=")).toBe("invalid header");
    const good = "ZXNjeAAAAAHo9e705fKyKo30VQ==";
    expect(decodeError(good.replace("Ho9", "Ho8"))).toBe("invalid checksum");
    // version 2 with a correct checksum
    const bin = Uint8Array.from(atob(good), (c) => c.charCodeAt(0));
    bin[7] = 2;
    const sum = crc32(bin.subarray(0, bin.length - 4));
    new DataView(bin.buffer).setUint32(bin.length - 4, sum);
    expect(decodeError(btoa(String.fromCharCode(...bin)))).toBe("unsupported version");
  });

  it("reports Go's base64 offsets", () => {
    expect(decodeError("abc!")).toBe("illegal base64 data at input byte 3");
    expect(decodeError("ab")).toBe("illegal base64 data at input byte 0");
    expect(decodeError("abc")).toBe("illegal base64 data at input byte 0");
    expect(decodeError("abcde")).toBe("illegal base64 data at input byte 4");
    expect(decodeError("a===")).toBe("illegal base64 data at input byte 1");
    expect(decodeError("ab=")).toBe("illegal base64 data at input byte 3");
    expect(decodeError("ab=x")).toBe("illegal base64 data at input byte 2");
    expect(decodeError("abc=x")).toBe("illegal base64 data at input byte 4");
    expect(decodeError("ZXNjeAAAAAHo9e705fKyKo30VQ== ")).toBe("illegal base64 data at input byte 28");
    expect(decodeError("héllo")).toBe("illegal base64 data at input byte 1");
  });

  it("skips CR and LF like Go", () => {
    expect(decodeCiphertext("ZXNjeAAA\r\nAAHo9e705f\nKyKo30VQ=\n=\n")).toEqual(decodeCiphertext("ZXNjeAAAAAHo9e705fKyKo30VQ=="));
  });

  it("rejects huge garbage quickly with a clear error", () => {
    const junk = "A".repeat(5_000_001);
    const start = performance.now();
    expect(decodeError(junk)).toBe("illegal base64 data at input byte 5000000");
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
