import { describe, expect, it } from "vitest";
import { issuerConditionPrefix, oidcIssuerUrl } from "./issuer-url";

describe("oidcIssuerUrl", () => {
  it("is ESC_PUBLIC_URL plus /oidc, without a trailing slash", () => {
    expect(oidcIssuerUrl({})).toBe("http://localhost:3000/oidc");
    expect(oidcIssuerUrl({ ESC_PUBLIC_URL: "https://esc.example.com/" })).toBe(
      "https://esc.example.com/oidc",
    );
    expect(oidcIssuerUrl({ ESC_PUBLIC_URL: "https://example.com/esc//" })).toBe(
      "https://example.com/esc/oidc",
    );
    expect(issuerConditionPrefix("https://esc.example.com/oidc")).toBe("esc.example.com/oidc");
  });

  it("refuses unusable public URLs with a clear message", () => {
    expect(() => oidcIssuerUrl({ ESC_PUBLIC_URL: "esc.example.com" })).toThrow(
      /ESC_PUBLIC_URL is not a valid URL/,
    );
    expect(() => oidcIssuerUrl({ ESC_PUBLIC_URL: "ftp://esc.example.com" })).toThrow(
      /must start with https:\/\//,
    );
    expect(() => oidcIssuerUrl({ ESC_PUBLIC_URL: "https://esc.example.com/?a=1" })).toThrow(
      /query or fragment/,
    );
  });
});
