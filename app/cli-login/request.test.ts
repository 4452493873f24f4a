import { describe, expect, it } from "vitest";
import { callbackUrl, cliLoginPath, parseCliLoginRequest } from "./request";

const NONCE = "0123456789abcdef0123456789abcdef";

describe("parseCliLoginRequest", () => {
  it("accepts what esc login sends and rebuilds the same path", () => {
    const req = parseCliLoginRequest("38375", NONCE);
    expect(req).toEqual({ port: 38375, nonce: NONCE });
    expect(cliLoginPath(req as { port: number; nonce: string })).toBe(`/cli-login?port=38375&nonce=${NONCE}`);
    expect(parseCliLoginRequest("1024", NONCE)).toEqual({ port: 1024, nonce: NONCE });
    expect(parseCliLoginRequest("65535", NONCE)).toEqual({ port: 65535, nonce: NONCE });
  });

  it("refuses ports outside 1024-65535, non-integers and repeated parameters", () => {
    for (const port of [
      undefined,
      "",
      "80",
      "1023",
      "65536",
      "99999",
      "08080",
      "8080.0",
      "8080 ",
      "+8080",
      "0x1f90",
      ["8080", "8081"],
    ]) {
      expect(parseCliLoginRequest(port, NONCE)).toHaveProperty("error");
    }
  });

  it("refuses nonces that are missing, too short, too long or outside [A-Za-z0-9_-]", () => {
    for (const nonce of [
      undefined,
      "",
      "short",
      "a".repeat(129),
      `${NONCE}"><script>`,
      `${NONCE}&x=1`,
      `${NONCE} `,
      [NONCE, NONCE],
    ]) {
      expect(parseCliLoginRequest("8080", nonce)).toHaveProperty("error");
    }
  });

  it("posts only to loopback", () => {
    expect(callbackUrl(8080)).toBe("http://127.0.0.1:8080/callback");
  });
});
