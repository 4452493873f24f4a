// The console's opened values, kept on the server so that Reveal shows exactly what Open produced.
// Opening runs providers, and some mint something new on every call (aws-login: fresh temporary
// credentials), so revealing "from a new open" would show a different secret than the one behind
// the mask. Open therefore keeps its values in the REST API's open-session store
// (lib/api/open-sessions.ts: sealed with the master key, bound to the organization and the
// environment, expired rows swept), under an unguessable id handed only to the user who opened;
// the payload also names that user, and a load by anyone else finds nothing.
//
// The payload keeps its values under `console` rather than at the top level, so the REST API's
// `GET …/open/{id}` (which reads `properties`) cannot read a console session's values either.
import { getDb, type Db } from "@/lib/db/client";
import { loadOpenSession, storeOpenSession } from "@/lib/api/open-sessions";
import type { EvalResult } from "@/lib/esc";
import type { Value } from "@/lib/esc/contract";
import { zeroRange } from "@/lib/esc/projection";
import { openEnvironmentYaml, type EvaluateOptions } from "./evaluate";
import { environmentScope } from "./scope";
import type { Actor } from "./types";

/** Long enough to look at what was opened, short because it holds live credentials. */
export const OPENED_VALUES_LIFETIME_MS = 15 * 60 * 1000;

/** A value as kept: what Reveal needs (the value, secret and unknown marks), no source ranges. */
type KeptValue = {
  v?: null | boolean | number | string | KeptValue[] | { [k: string]: KeptValue };
  s?: true;
  u?: true;
};

interface ConsolePayload {
  console: { userId: string; values: { [k: string]: KeptValue } };
}

/**
 * Whether kept JSON text is the console's (JSON.stringify of a ConsolePayload) rather than a
 * REST API session, which is an opened environment (its keys are exprs, properties, schema…).
 */
export function isConsolePayload(json: string): boolean {
  return json.startsWith('{"console":');
}

/** A map of Values, as opposed to a number the evaluator kept as text (an object too). */
function isValueMap(v: object): v is { [k: string]: Value } {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function keep(value: Value): KeptValue {
  const out: KeptValue = {};
  if (value.secret) out.s = true;
  if (value.unknown) out.u = true;
  const x = value.value;
  if (x === undefined) return out;
  if (x === null || typeof x === "boolean" || typeof x === "string" || typeof x === "number") out.v = x;
  else if (Array.isArray(x)) out.v = x.map(keep);
  else if (isValueMap(x)) out.v = keepMap(x);
  // A number the evaluator kept as text (exact decimal): revealed as the number it reads as.
  else out.v = Number(String(x));
  return out;
}

function keepMap(values: { [k: string]: Value }): { [k: string]: KeptValue } {
  const out: { [k: string]: KeptValue } = {};
  for (const [k, v] of Object.entries(values)) out[k] = keep(v);
  return out;
}

function restore(kept: KeptValue): Value {
  const out: Value = { trace: { def: zeroRange() } };
  if (kept.s) out.secret = true;
  if (kept.u) out.unknown = true;
  const x = kept.v;
  if (x === undefined) return out;
  if (x === null || typeof x !== "object") out.value = x;
  else if (Array.isArray(x)) out.value = x.map(restore);
  else out.value = restoreMap(x);
  return out;
}

function restoreMap(kept: { [k: string]: KeptValue }): { [k: string]: Value } {
  const out: { [k: string]: Value } = {};
  for (const [k, v] of Object.entries(kept)) out[k] = restore(v);
  return out;
}

/**
 * Keeps the opened `properties` of environment `environmentId` (of `orgId`) for `actor`; returns
 * the id to reveal from. The caller has already checked "open" permission.
 */
export function keepOpenedValues(
  db: Db,
  actor: Actor,
  where: { orgId: string; environmentId: string },
  properties: Record<string, Value> | undefined,
): Promise<string> {
  const payload: ConsolePayload = { console: { userId: actor.userId, values: keepMap(properties ?? {}) } };
  return storeOpenSession(db, {
    ...where,
    json: JSON.stringify(payload),
    lifetimeMs: OPENED_VALUES_LIFETIME_MS,
  });
}

/**
 * The values kept under `id` for this environment and this actor, or null when the id is unknown,
 * expired, of another environment or organization, of another user, or a REST API session.
 */
export async function openedValues(
  db: Db,
  actor: Actor,
  environmentId: string,
  id: string,
): Promise<Record<string, Value> | null> {
  const json = await loadOpenSession(db, id, environmentId);
  if (json === null || !isConsolePayload(json)) return null;
  const payload = JSON.parse(json) as Partial<ConsolePayload>;
  const kept = payload?.console;
  if (!kept || kept.userId !== actor.userId) return null;
  return restoreMap(kept.values);
}

export interface KeptOpen extends EvalResult {
  /** Where the opened values are kept for Reveal (openedValues). */
  openId: string;
}

/**
 * Opens the editor's text of `project/env` (audited as an open, needs "open") and keeps the
 * opened values for the actor to reveal from.
 */
export async function openAndKeepValues(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  yaml: string,
  options: Pick<EvaluateOptions, "providers" | "mintOptions" | "signal"> = {},
  db: Db = getDb(),
): Promise<KeptOpen> {
  const result = await openEnvironmentYaml(
    actor,
    orgName,
    yaml,
    { ...options, name: `${project}/${env}` },
    db,
  );
  const scoped = await environmentScope(db, actor, orgName, project, env, "open");
  const openId = await keepOpenedValues(
    db,
    actor,
    { orgId: scoped.membership.orgId, environmentId: scoped.env.id },
    result.environment?.properties,
  );
  return { ...result, openId };
}
