// `fn::open::aws-parameter-store`: reads SSM parameters (GetParameters, decrypted by default) with
// the credentials of `login`. Names may carry a selector (`/path:3`, `/path:label`); StringList
// parameters come back as arrays. Every value is secret.
import { GetParametersCommand, SSMClient, type Parameter } from "@aws-sdk/client-ssm";
import type { PlainValue, Provider, Schema, Value } from "@/lib/esc/contract";
import { describeAwsError } from "./aws-errors";
import { awsTarget, clientOptions, withDeadline, type AwsTarget } from "./aws-settings";
import { optionalString, readerInputSchema, requireGetMap, requireLogin, requireString } from "./inputs";
import { objectValue, providerValue } from "./value";
import type { AwsReaderDeps } from "./aws-secrets";

/** GetParameters takes at most 10 names per call. */
const BATCH_SIZE = 10;

const inputSchema: Schema = readerInputSchema("parameters", {
  properties: {
    name: { type: "string", description: "The parameter name, optionally with :version or :label" },
    decrypt: { type: "boolean", description: "Decrypt SecureString parameters (default true)" },
  },
  required: ["name"],
});

const outputSchema: Schema = {
  type: "object",
  additionalProperties: {
    type: "",
    anyOf: [
      { type: "string", secret: true },
      { type: "array", items: { type: "string", secret: true } },
    ],
  },
};

interface Request {
  key: string;
  name: string;
  decrypt: boolean;
}

function parameterValue(p: Parameter): PlainValue {
  const text = p.Value ?? "";
  return p.Type === "StringList" ? text.split(",") : text;
}

export function awsParameterStoreProvider(deps: AwsReaderDeps): Provider {
  return {
    schema: () => ({ inputs: inputSchema, outputs: outputSchema }),
    async open(inputs, call) {
      const credentials = requireLogin(inputs.login);
      const target = awsTarget("SSM", optionalString(inputs.region, "region", 40), deps.timeoutMs);
      const requests: Request[] = requireGetMap(inputs.get).map(([key, spec]) => {
        if (spec.decrypt !== undefined && spec.decrypt !== null && typeof spec.decrypt !== "boolean") {
          throw new Error(`get.${key}.decrypt must be true or false`);
        }
        return { key, name: requireString(spec.name, `get.${key}.name`), decrypt: spec.decrypt !== false };
      });
      const client = new SSMClient({ ...clientOptions(target), credentials });
      try {
        const found = new Map<string, Parameter>();
        for (const decrypt of [true, false]) {
          const names = [...new Set(requests.filter((r) => r.decrypt === decrypt).map((r) => r.name))];
          for (let i = 0; i < names.length; i += BATCH_SIZE) {
            const batch = names.slice(i, i + BATCH_SIZE);
            for (const [name, p] of await getBatch(client, target, batch, decrypt, call.signal))
              found.set(`${decrypt}|${name}`, p);
          }
        }
        const members: [string, Value][] = [];
        for (const r of requests)
          members.push([r.key, providerValue(parameterValue(found.get(`${r.decrypt}|${r.name}`)!), true)]);
        return objectValue(Object.fromEntries(members));
      } finally {
        client.destroy();
      }
    },
  };
}

/** Fetches up to 10 names; every requested name must come back, else one error names the missing ones. */
async function getBatch(
  client: SSMClient,
  target: AwsTarget,
  names: string[],
  decrypt: boolean,
  signal?: AbortSignal,
) {
  let result;
  try {
    result = await withDeadline(target.timeoutMs, signal, (abortSignal) =>
      client.send(new GetParametersCommand({ Names: names, WithDecryption: decrypt }), { abortSignal }),
    );
  } catch (error) {
    const resource =
      names.length === 1 ? `parameter "${names[0]}"` : `parameters ${names.map((n) => `"${n}"`).join(", ")}`;
    throw new Error(describeAwsError(error, { target, resource }));
  }
  if (result.InvalidParameters?.length) {
    const missing = result.InvalidParameters.map((n) => `"${n}"`).join(", ");
    throw new Error(
      `AWS Systems Manager Parameter Store has no parameter ${missing} in region "${target.region}"; check the name, version or label and the region`,
    );
  }
  // Several names may be one parameter at different versions, so each answer is claimed once,
  // the most specific requests first (versions, then latest, then labels).
  const unclaimed = [...(result.Parameters ?? [])];
  const answer = new Map<string, Parameter>();
  for (const name of [...names].sort((a, b) => specificity(a) - specificity(b))) {
    const candidates = unclaimed.filter((p) => answers(p, name));
    if (candidates.length === 0)
      throw new Error(`AWS Systems Manager Parameter Store did not return parameter "${name}"`);
    const latest = splitSelector(name).selector === undefined;
    const chosen = latest
      ? candidates.reduce((a, b) => ((b.Version ?? 0) > (a.Version ?? 0) ? b : a))
      : candidates[0];
    unclaimed.splice(unclaimed.indexOf(chosen), 1);
    answer.set(name, chosen);
  }
  return answer;
}

/** `/path:3` → {base: "/path", selector: "3"}; ARNs keep the colons before their `parameter/` part. */
export function splitSelector(requested: string): { base: string; selector?: string } {
  const start = requested.startsWith("arn:") ? Math.max(0, requested.indexOf(":parameter/") + 1) : 0;
  const colon = requested.indexOf(":", start);
  return colon < 0
    ? { base: requested }
    : { base: requested.slice(0, colon), selector: requested.slice(colon + 1) };
}

function specificity(requested: string): number {
  const { selector } = splitSelector(requested);
  return selector === undefined ? 1 : /^\d+$/.test(selector) ? 0 : 2;
}

/**
 * Whether `p` answers the request `requested`. AWS reports a selector (`:3`, `:label`) in its own
 * field; emulators that omit it are matched by name and version, then in request order.
 */
function answers(p: Parameter, requested: string): boolean {
  if (p.Selector) return `${p.Name}${p.Selector}` === requested || `${p.ARN}${p.Selector}` === requested;
  const { base, selector } = splitSelector(requested);
  if (p.Name !== base && p.ARN !== base) return false;
  return selector !== undefined && /^\d+$/.test(selector) ? p.Version === Number(selector) : true;
}
