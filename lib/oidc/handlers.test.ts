import { describe, expect, it, vi } from "vitest";
import { discoveryResponse, jwksResponse } from "./handlers";
import { memorySigningKeys } from "./testing";
import { createDb } from "@/lib/db/client";
import { freePort } from "@/lib/providers/testing/moto";
import { databaseSigningKeys } from "./default-signing-keys";

describe("issuer handlers", () => {
  it("serve discovery and JWKS as cacheable JSON", async () => {
    const discovery = discoveryResponse("https://esc.example.com/oidc");
    expect(discovery.headers.get("cache-control")).toBe("public, max-age=300");
    expect((await discovery.json()).jwks_uri).toBe("https://esc.example.com/oidc/.well-known/jwks");
    const jwks = await jwksResponse(() => memorySigningKeys());
    expect(jwks.status).toBe(200);
    expect((await jwks.json()).keys).toHaveLength(1);
  });

  it("answer 503 without details when the database is unreachable, and log only a message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // A real database client pointed at a closed port.
      const db = createDb(`postgres://postgres@127.0.0.1:${await freePort()}/esc`);
      const response = await jwksResponse(() => databaseSigningKeys(db));
      await db.$disconnect();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: "signing keys unavailable" });
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0][0]).toMatch(/^OIDC JWKS unavailable: /);
      const throwing = await jwksResponse(() => {
        throw new Error("DATABASE_URL is invalid");
      });
      expect(throwing.status).toBe(503);
    } finally {
      log.mockRestore();
    }
  });
});
