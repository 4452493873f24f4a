// Small readers for provider inputs. The evaluator validates inputs against the schema first,
// but providers are also called directly (tests, service), so each one re-checks what it uses and
// names the offending input in plain words.
import type { PlainValue } from "@/lib/esc/contract";

export type PlainObject = { [key: string]: PlainValue };

export function isObject(value: PlainValue | undefined): value is PlainObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function requireObject(value: PlainValue | undefined, path: string): PlainObject {
  if (!isObject(value)) throw new Error(`${path} must be an object`);
  return value;
}

export function requireString(value: PlainValue | undefined, path: string, maxLength = 2048): string {
  if (typeof value !== "string" || value.length === 0) throw new Error(`${path} must be a non-empty string`);
  if (value.length > maxLength) throw new Error(`${path} is longer than ${maxLength} characters`);
  return value;
}

export function optionalString(
  value: PlainValue | undefined,
  path: string,
  maxLength = 2048,
): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, path, maxLength);
}

export function optionalStringList(
  value: PlainValue | undefined,
  path: string,
  maxItems = 20,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Error(`${path} must be an array of strings`);
  if (value.length > maxItems) throw new Error(`${path} has more than ${maxItems} items`);
  return value.map((item, i) => requireString(item, `${path}[${i}]`));
}

export interface AwsCredentialsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Schema of the `login` input (the aws-login output shape). */
export const loginSchema = {
  type: "object",
  properties: {
    accessKeyId: { type: "string" },
    secretAccessKey: { type: "string" },
    sessionToken: { type: "string" },
  },
  required: ["accessKeyId", "secretAccessKey"],
};

/** Input schema of a reader provider: `region`, `login` and a `get` map of `item` requests. */
export function readerInputSchema(what: string, item: { [key: string]: unknown }) {
  return {
    type: "object",
    properties: {
      region: { type: "string", description: `The AWS region of the ${what}, e.g. us-west-2` },
      login: loginSchema,
      get: { type: "object", additionalProperties: { type: "object", ...item } },
    },
    required: ["login", "get"],
  };
}

/** The `login` input: normally `${aws.login}`, the aws-login output. */
export function requireLogin(value: PlainValue | undefined): AwsCredentialsInput {
  const login = requireObject(value, "login (usually ${aws.login})");
  return {
    accessKeyId: requireString(login.accessKeyId, "login.accessKeyId", 256),
    secretAccessKey: requireString(login.secretAccessKey, "login.secretAccessKey", 1024),
    sessionToken: optionalString(login.sessionToken, "login.sessionToken", 8192),
  };
}

/** The `get` map of aws-secrets / aws-parameter-store. */
export function requireGetMap(value: PlainValue | undefined, maxEntries = 100): [string, PlainObject][] {
  const get = requireObject(value, "get");
  const entries = Object.entries(get);
  if (entries.length === 0) throw new Error("get must name at least one value to fetch");
  if (entries.length > maxEntries)
    throw new Error(`get names more than ${maxEntries} values; split them over several fn::open calls`);
  return entries.map(([name, spec]) => [name, requireObject(spec, `get.${name}`)]);
}
