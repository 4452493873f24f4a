// The ESC API's operations, as thin adapters from HTTP-shaped inputs to the environment service
// (lib/environments) and back to the wire shapes of API.md. Route handlers in app/api/esc call
// these; nothing here knows about Request/Response.
import { getDb } from "@/lib/db/client";
import { cloneEnvironment as cloneEnv, type CloneOptions } from "@/lib/environments/clone-environment";
import { createEnvironment as createEnv } from "@/lib/environments/create-environment";
import { createEnvironmentTag } from "@/lib/environments/create-environment-tag";
import { createRevisionTag as createRevTag } from "@/lib/environments/create-revision-tag";
import { decryptEnvironment } from "@/lib/environments/decrypt-environment";
import { deleteEnvironment as deleteEnv } from "@/lib/environments/delete-environment";
import { deleteEnvironmentTag } from "@/lib/environments/delete-environment-tag";
import { deleteRevisionTag as deleteRevTag } from "@/lib/environments/delete-revision-tag";
import {
  getEnvironmentSettings,
  updateEnvironmentSettings,
  type EnvironmentSettings,
} from "@/lib/environments/environment-settings";
import { getEnvironment } from "@/lib/environments/get-environment";
import { getEnvironmentTag } from "@/lib/environments/get-environment-tag";
import { getRevisionTag as getRevTag } from "@/lib/environments/get-revision-tag";
import { listEnvironmentTags } from "@/lib/environments/list-environment-tags";
import { listEnvironments as listEnvs } from "@/lib/environments/list-environments";
import { listRevisionTags as listRevTags } from "@/lib/environments/list-revision-tags";
import { listRevisions as listRevs } from "@/lib/environments/list-revisions";
import { retractRevision as retractRev } from "@/lib/environments/retract-revision";
import { environmentScope, orgScope } from "@/lib/environments/scope";
import type { Actor } from "@/lib/environments/types";
import { updateEnvironment } from "@/lib/environments/update-environment";
import { updateEnvironmentTag } from "@/lib/environments/update-environment-tag";
import { updateRevisionTag as updateRevTag } from "@/lib/environments/update-revision-tag";
import type { Diagnostic } from "@/lib/esc/contract";
import { ApiError, notFound } from "./errors";
import { checkDefinition, openStored } from "./evaluation";
import { openSessionJoin, openSessionRow, sessionLifetime } from "./open-sessions";
import { isConsolePayload } from "@/lib/environments/opened-values";
import type { EnvRef } from "./params";
import { selectProperty } from "./property";

const PAGE = 500;

const errorsIn = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity !== "warning");

// ---------- environments ----------

export async function listEnvironments(actor: Actor, org: string | undefined, _continuationToken?: string) {
  // Every environment fits in one page, so there is never a nextToken (the CLI stops when absent).
  const rows = await listEnvs(actor, org);
  return {
    environments: rows.map((e) => ({
      organization: e.organization,
      project: e.project,
      name: e.name,
      created: e.created,
      modified: e.modified,
    })),
  };
}

export async function createEnvironment(actor: Actor, ref: EnvRef): Promise<void> {
  await createEnv(actor, ref.org, ref.project, ref.env);
}

export async function readDefinition(
  actor: Actor,
  ref: EnvRef,
  version: number | string | undefined,
  decrypt: boolean,
) {
  const read = decrypt ? decryptEnvironment : getEnvironment;
  const def = await read(actor, ref.org, ref.project, ref.env, version);
  return { yaml: def.yaml, revision: def.revision, etag: def.etag };
}

/** Stores a new revision (returning any warnings) unless the definition has errors (400 with diagnostics) or the ETag is stale (409). */
export async function updateDefinition(
  actor: Actor,
  ref: EnvRef,
  yaml: string,
  expectedEtag: string | undefined,
) {
  // Scope first: a caller outside the organization learns nothing, not even about the YAML.
  await environmentScope(getDb(), actor, ref.org, ref.project, ref.env, "write");
  const diagnostics = await checkDefinition(actor, ref.org, yaml, {
    environment: `${ref.project}/${ref.env}`,
  });
  if (errorsIn(diagnostics.diagnostics).length > 0) {
    throw new ApiError(400, "the environment definition has errors", diagnostics.diagnostics);
  }
  const saved = await updateEnvironment(actor, ref.org, ref.project, ref.env, yaml, {
    expectedEtag: expectedEtag?.replace(/^W\//, "").replace(/^"|"$/g, ""),
  });
  // Warnings do not stop a save; they come back in the body (absent when there are none).
  return { ...saved, diagnostics: diagnostics.diagnostics.length > 0 ? diagnostics.diagnostics : undefined };
}

export async function deleteEnvironment(actor: Actor, ref: EnvRef): Promise<void> {
  await deleteEnv(actor, ref.org, ref.project, ref.env);
}

export async function cloneEnvironment(
  actor: Actor,
  ref: EnvRef,
  body: CloneOptions & { preserveAccess?: boolean },
): Promise<void> {
  await cloneEnv(actor, ref.org, ref.project, ref.env, {
    project: body.project || undefined,
    name: body.name,
    preserveHistory: body.preserveHistory,
    preserveEnvironmentTags: body.preserveEnvironmentTags,
    preserveRevisionTags: body.preserveRevisionTags,
  });
}

export function getSettings(actor: Actor, ref: EnvRef): Promise<EnvironmentSettings> {
  return getEnvironmentSettings(actor, ref.org, ref.project, ref.env);
}

export function updateSettings(
  actor: Actor,
  ref: EnvRef,
  settings: Partial<EnvironmentSettings>,
): Promise<EnvironmentSettings> {
  return updateEnvironmentSettings(actor, ref.org, ref.project, ref.env, settings);
}

// ---------- check and open ----------

/** `yaml/check`: the evaluated environment plus diagnostics; `ok` is false when any is an error. */
export async function checkYaml(actor: Actor, org: string, yaml: string, showSecrets: boolean) {
  await orgScope(getDb(), actor, org);
  const result = await checkDefinition(actor, org, yaml, { showSecrets });
  const errors = errorsIn(result.diagnostics);
  const body: Record<string, unknown> = { ...(result.environment ?? {}) };
  if (result.diagnostics.length > 0) body.diagnostics = result.diagnostics;
  if (errors.length > 0) Object.assign(body, { code: 400, message: "the environment definition has errors" });
  return { ok: errors.length === 0, body };
}

export async function openSession(
  actor: Actor,
  ref: EnvRef,
  version: number | string | undefined,
  duration: string | undefined,
) {
  const lifetimeMs = sessionLifetime(duration);
  const opened = await openStored(actor, ref, version, async (opened) => {
    if (errorsIn(opened.diagnostics).length > 0) return undefined;
    // Kept as the answer a read gives (GET …/open/{id}), which is exactly {} for an environment
    // without values, as in the reference.
    const properties = opened.environment?.properties;
    const json = properties && Object.keys(properties).length > 0 ? JSON.stringify(opened.environment) : "{}";
    return openSessionRow(getDb(), {
      orgId: opened.orgId,
      environmentId: opened.environmentId,
      json,
      lifetimeMs,
    });
  });
  const id = opened.keptId;
  if (errorsIn(opened.diagnostics).length > 0 || id === undefined) {
    throw new ApiError(400, "the environment has errors and cannot be opened", opened.diagnostics);
  }
  return opened.diagnostics.length > 0 ? { id, diagnostics: opened.diagnostics } : { id };
}

/** The opened environment of session `id` (or one `property` of it), as JSON text. */
export async function readSession(
  actor: Actor,
  ref: EnvRef,
  id: string,
  property: string | undefined,
): Promise<string> {
  const db = getDb();
  const { joined } = await environmentScope(db, actor, ref.org, ref.project, ref.env, "open", {
    session: openSessionJoin(id),
  });
  const kept = joined.session;
  if (kept === null) throw notFound("open session not found or expired");
  // The console's kept values (lib/environments/opened-values.ts) are not an open environment:
  // the REST API shows none of them.
  const json = isConsolePayload(kept) ? "{}" : kept;
  // Kept as the answer (openSession): given as it is, unless one property is asked for.
  if (property === undefined) return json;
  const opened = JSON.parse(json) as { properties?: Record<string, never> };
  return JSON.stringify(selectProperty(opened.properties, property));
}

// ---------- revisions and revision tags ----------

export function listRevisions(
  actor: Actor,
  ref: EnvRef,
  before: number | undefined,
  count: number | undefined,
) {
  return listRevs(actor, ref.org, ref.project, ref.env, { before, count });
}

export async function retractRevision(
  actor: Actor,
  ref: EnvRef,
  version: number | string,
  body: { replacement?: number; reason?: string },
): Promise<void> {
  await retractRev(actor, ref.org, ref.project, ref.env, version, body);
}

export async function listRevisionTags(
  actor: Actor,
  ref: EnvRef,
  after: string | undefined,
  count: number | undefined,
) {
  const take = count ?? PAGE;
  const tags = await listRevTags(actor, ref.org, ref.project, ref.env, { after, count: take });
  return { tags, nextToken: tags.length === take ? tags[tags.length - 1].name : "" };
}

export async function createRevisionTag(
  actor: Actor,
  ref: EnvRef,
  name: string,
  revision: number | undefined,
): Promise<void> {
  await createRevTag(actor, ref.org, ref.project, ref.env, name, revision);
}

export function getRevisionTag(actor: Actor, ref: EnvRef, tag: string) {
  return getRevTag(actor, ref.org, ref.project, ref.env, tag);
}

export async function updateRevisionTag(
  actor: Actor,
  ref: EnvRef,
  tag: string,
  revision: number,
): Promise<void> {
  await updateRevTag(actor, ref.org, ref.project, ref.env, tag, revision);
}

export async function deleteRevisionTag(actor: Actor, ref: EnvRef, tag: string): Promise<void> {
  await deleteRevTag(actor, ref.org, ref.project, ref.env, tag);
}

// ---------- environment tags ----------

export async function listEnvTags(
  actor: Actor,
  ref: EnvRef,
  after: string | undefined,
  count: number | undefined,
) {
  const take = count ?? PAGE;
  const rows = await listEnvironmentTags(actor, ref.org, ref.project, ref.env, { after, count: take });
  // The Go CLI pages until nextToken is "0"; any other value is passed back as `after`.
  return {
    tags: Object.fromEntries(rows.map((t) => [t.name, t])),
    nextToken: rows.length === take && rows.length > 0 ? rows[rows.length - 1].name : "0",
  };
}

export function createEnvTag(actor: Actor, ref: EnvRef, name: string, value: string) {
  return createEnvironmentTag(actor, ref.org, ref.project, ref.env, { name, value });
}

export function getEnvTag(actor: Actor, ref: EnvRef, name: string) {
  return getEnvironmentTag(actor, ref.org, ref.project, ref.env, name);
}

export function updateEnvTag(
  actor: Actor,
  ref: EnvRef,
  name: string,
  currentValue: string,
  newTag: { name: string; value: string },
) {
  return updateEnvironmentTag(actor, ref.org, ref.project, ref.env, name, {
    currentValue,
    newName: newTag.name,
    newValue: newTag.value,
  });
}

export async function deleteEnvTag(actor: Actor, ref: EnvRef, name: string): Promise<void> {
  await deleteEnvironmentTag(actor, ref.org, ref.project, ref.env, name);
}
