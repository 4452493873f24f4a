// Reveal: the plaintext of one value of an environment, for the console's per-value "Reveal".
// The preview the browser gets has every secret masked; a caller with "open" permission on the
// environment may ask for one value at a time, and each ask is in the audit trail (which value,
// never the value itself).
//
// Values of an opened environment come from what that Open kept (opened-values.ts), never from a
// new open: providers may mint something new on each call, and the value revealed must be the
// one behind the mask.
//
// Otherwise what is evaluated is the definition text the caller sends, usually the editor's unsaved draft.
// That text is theirs to see already; what it can pull in that they cannot see (ciphertext of
// this organization, imported environments) is decrypted only under the same rule as opening:
// "open" on this environment and on everything it imports (evaluate.ts asks for it whenever
// secrets come back in plaintext).
import { getDb, type Db } from "@/lib/db/client";
import type { PlainValue } from "@/lib/esc/contract";
import { lookup, toPlain } from "@/lib/esc/projection";
import { formatPropertyPath, type PropertyPath } from "@/lib/esc/property-path";
import { audited } from "./audit";
import { ValidationError } from "./errors";
import { checkEnvironmentYaml, type EvaluateOptions } from "./evaluate";
import { openedValues } from "./opened-values";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

const MAX_PATH_STEPS = 100;
const MAX_KEY_LENGTH = 1000;

export interface RevealRequest {
  /** The definition text whose value is revealed (the editor's draft of this environment). */
  yaml: string;
  /** Where the value is, from the top of the values, e.g. ["environmentVariables", "DB_PASSWORD"]. */
  path: PropertyPath;
  /**
   * Reveal from the values an Open kept under this id (openAndKeepValues), exactly as opened,
   * rather than from the checked `yaml`, where provider outputs are unknown. No provider runs.
   */
  openId?: string;
}

function validatePath(path: unknown): PropertyPath {
  if (!Array.isArray(path) || path.length === 0 || path.length > MAX_PATH_STEPS)
    throw new ValidationError("the path of the value to reveal is missing or too long");
  for (const step of path) {
    const ok =
      (typeof step === "string" && step.length <= MAX_KEY_LENGTH) ||
      (typeof step === "number" && Number.isSafeInteger(step) && step >= 0);
    if (!ok) throw new ValidationError("the path of the value to reveal is not valid");
  }
  return path as PropertyPath;
}

/**
 * The value at `request.path` of the definition text, secrets in plaintext (a container as plain
 * JSON). Needs "open" on `project/env`; recorded as "environment.reveal" on `project/env path`.
 */
export async function revealEnvironmentValue(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  request: RevealRequest,
  options: Pick<EvaluateOptions, "providers" | "mintOptions" | "signal"> = {},
  db: Db = getDb(),
): Promise<PlainValue> {
  const path = validatePath(request.path);
  const target = `${project}/${env} ${formatPropertyPath(path)}`.slice(0, 500);
  return audited(db, actor, orgName, "environment.reveal", target, async () => {
    const scoped = await environmentScope(db, actor, orgName, project, env, "open");
    const opened = request.openId !== undefined;
    const properties = opened
      ? await keptValues(db, actor, scoped.env.id, request.openId as string)
      : ((
          await checkEnvironmentYaml(actor, orgName, request.yaml, { ...options, name: `${project}/${env}`, showSecrets: true }, db)
        ).environment?.properties ?? {});
    const where = formatPropertyPath(path);
    // Walk down so a value inside an unknown one (a provider's output) is called unknown, not missing.
    for (let depth = 1; depth <= path.length; depth++) {
      const value = lookup(properties, path.slice(0, depth));
      if (!value) throw new ValidationError(`there is no value at ${where} in this definition`);
      if (value.unknown)
        throw new ValidationError(
          opened
            ? `the value at ${where} could not be computed (see the diagnostics)`
            : `the value at ${where} is unknown until the environment is opened`,
        );
      if (depth === path.length) return toPlain(value, false);
    }
    throw new ValidationError(`there is no value at ${where} in this definition`);
  });
}

async function keptValues(db: Db, actor: Actor, environmentId: string, openId: string) {
  const kept = typeof openId === "string" && openId.length <= 100 ? await openedValues(db, actor, environmentId, openId) : null;
  if (!kept)
    throw new ValidationError("the opened values are no longer kept (they expire after a while): open the environment again");
  return kept;
}
