// Any input of any shape gets a clear Error from the providers: never a TypeError from deep
// inside, never a hang. AWS endpoints point at a closed loopback port, so inputs that happen to
// be valid fail fast with the network message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { PlainValue } from "@/lib/esc/contract";
import { memorySigningKeys } from "@/lib/oidc/testing";
import { oidcTokenMinter } from "@/lib/oidc/token-minter";
import { createProviderRegistry } from "./registry";
import { freePort } from "./testing/moto";

const saved = process.env.AWS_ENDPOINT_URL;
beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await freePort()}`;
});
afterAll(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
});

const registry = createProviderRegistry({
  mintToken: oidcTokenMinter(
    { org: "contoso", userLogin: "alice" },
    { keys: memorySigningKeys(), issuer: "https://esc.example.com/oidc" },
  ),
  awsTimeoutMs: 2_000,
});
const call = { currentEnvironment: "app/dev", rootEnvironment: "app/dev", executionContext: {} };

const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<PlainValue>;
const loginShaped = fc.record(
  { accessKeyId: json, secretAccessKey: json, sessionToken: json },
  { requiredKeys: [] },
);
const inputs = {
  "aws-login": fc.oneof(
    fc.dictionary(fc.string(), json),
    fc.record({
      oidc: fc.oneof(
        json,
        fc.record(
          { roleArn: json, sessionName: json, duration: json, policyArns: json, subjectAttributes: json },
          { requiredKeys: [] },
        ),
      ),
    }),
    fc.record({ static: fc.oneof(json, loginShaped) }),
  ),
  "aws-secrets": fc.record(
    {
      region: json,
      login: fc.oneof(json, loginShaped),
      get: fc.oneof(
        json,
        fc.dictionary(
          fc.string(),
          fc.oneof(
            json,
            fc.record({ secretId: json, versionId: json, versionStage: json }, { requiredKeys: [] }),
          ),
        ),
      ),
    },
    { requiredKeys: [] },
  ),
  "aws-parameter-store": fc.record(
    {
      region: json,
      login: fc.oneof(json, loginShaped),
      get: fc.oneof(
        json,
        fc.dictionary(
          fc.string(),
          fc.oneof(json, fc.record({ name: json, decrypt: json }, { requiredKeys: [] })),
        ),
      ),
    },
    { requiredKeys: [] },
  ),
};

describe("providers on arbitrary inputs", () => {
  for (const [name, arbitrary] of Object.entries(inputs)) {
    it(`${name} answers every input with a value or a clear Error`, async () => {
      const provider = registry.provider(name)!;
      await fc.assert(
        fc.asyncProperty(arbitrary as fc.Arbitrary<{ [key: string]: PlainValue }>, async (input) => {
          try {
            await provider.open(input, call);
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
            expect(error).not.toBeInstanceOf(TypeError);
            expect(error).not.toBeInstanceOf(RangeError);
            const message = (error as Error).message;
            expect(message.length).toBeGreaterThan(0);
            expect(message.length).toBeLessThan(1200);
            expect(message).not.toMatch(/\n\s+at /);
          }
        }),
        { numRuns: 150 },
      );
    }, 120_000);
  }
});
