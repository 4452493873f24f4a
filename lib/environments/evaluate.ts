// Checking and opening environments in the context of their organization: imports (`project/env`,
// or a bare `env` in the `default` project) resolve to the same organization's stored
// environments, ciphertext decrypts with the organization's key (each definition's only as bound
// to that environment, lib/crypto/org-crypter.ts), providers mint OIDC tokens for
// the organization and the acting user, and `${context.pulumi.…}` describes who is asking.
import type { CompanionRow } from "@/lib/db/audit";
import { getDb, type Db } from "@/lib/db/client";
import { getOrgCrypter, ORG_KEY, type StoredOrgKey } from "@/lib/crypto/org-crypter";
import { fastSql } from "@/lib/db/fast-sql";
import { checkEnvironment, openEnvironment, type EvalResult } from "@/lib/esc";
import { parseStoredDefinition } from "./parsed-definitions";
import type {
  EnvironmentLoader,
  ExecutionContext,
  ProviderRegistry,
  SecretCrypter,
} from "@/lib/esc/contract";
import { databaseSigningKeys } from "@/lib/oidc/default-signing-keys";
import type { MintOptions } from "@/lib/oidc/mint-token";
import { oidcTokenMinter } from "@/lib/oidc/token-minter";
import { createProviderRegistry } from "@/lib/providers/registry";
import type { MembershipInfo } from "@/lib/orgs/memberships";
import { allows, orgDefaultPermission, type EnvironmentPermission } from "@/lib/orgs/permissions";
import { audited, type AuditOutcome } from "./audit";
import { checkDefinitionText } from "./definition-text";
import { ForbiddenError, NotFoundError } from "./errors";
import { getEnvironment, readEnvironment } from "./get-environment";
import { startImportPrefetch, type ImportReader } from "./import-prefetch";
import { parseEnvironmentRef } from "./names";
import type { Version } from "./resolve-version";
import { environmentScope, orgScope } from "./scope";
import type { Actor, EnvironmentDefinition } from "./types";

/** The name the evaluator gives a definition that is not stored (`yaml/check`, `yaml/open`). */
export const ANONYMOUS_ENVIRONMENT = "<yaml>";
const CHECK_TIMEOUT_MS = 15_000;
const OPEN_TIMEOUT_MS = 60_000;

export interface EvaluateOptions {
  /** check only: reveal secret values in the result (they are redacted otherwise). */
  showSecrets?: boolean;
  /** Aborts evaluation (and provider calls); defaults to a timeout. */
  signal?: AbortSignal;
  /** Replaces the real providers (tests). */
  providers?: ProviderRegistry;
  /** How provider OIDC tokens are signed; default: this database's signing keys. */
  mintOptions?: MintOptions;
}

interface OrgEvaluation {
  loader: EnvironmentLoader;
  crypter: SecretCrypter;
  providers: ProviderRegistry;
  executionContext: ExecutionContext;
}

/**
 * What an evaluation reveals decides the permission it needs, on the environment evaluated and on
 * every environment it imports: "open" when values come back in plaintext (open, check with
 * showSecrets), "read" when secrets stay masked (check).
 */
function neededPermission(mode: "check" | "open", options: EvaluateOptions): EnvironmentPermission {
  return mode === "open" || options.showSecrets === true ? "open" : "read";
}

/**
 * Where an evaluation runs: the caller's membership, the stored environment whose ciphertext the
 * text may decrypt (none for anonymous text) and the organization's key when the permission
 * check has read it already.
 */
interface EvaluationScope {
  membership: MembershipInfo;
  environmentId?: string;
  orgKey?: StoredOrgKey;
  /** How imports are read (default: importReader). */
  readImport?: ImportReader;
}

/** Reads an imported environment as the evaluation does: newest revision, needing `need` on it. */
function importReader(db: Db, actor: Actor, orgName: string, need: EnvironmentPermission): ImportReader {
  return (ref) => {
    const { project, name } = parseEnvironmentRef(ref);
    return getEnvironment(actor, orgName, project, name, undefined, db, need);
  };
}

async function orgEvaluation(
  db: Db,
  actor: Actor,
  { membership, environmentId, orgKey, readImport }: EvaluationScope,
  options: EvaluateOptions,
  importNeed: EnvironmentPermission,
): Promise<OrgEvaluation> {
  const read = readImport ?? importReader(db, actor, membership.orgName, importNeed);
  const [orgCrypter, userLogin] = await Promise.all([
    getOrgCrypter(db, membership.orgId, undefined, orgKey),
    actor.login ?? userLoginOf(db, actor.userId),
  ]);
  const loader: EnvironmentLoader = {
    async load(ref) {
      try {
        const definition = await read(ref);
        return { yaml: definition.yaml, crypter: orgCrypter.forEnvironment(definition.id) };
      } catch (error) {
        // The evaluator reports this message on the import; it says no more than "missing"
        // (also for an environment the caller may not see), or which permission is lacking.
        if (error instanceof NotFoundError) throw new Error(`environment "${ref}" not found`);
        if (error instanceof ForbiddenError) throw new Error(`cannot import "${ref}": ${error.message}`);
        throw error;
      }
    },
  };
  const providers =
    options.providers ??
    createProviderRegistry({
      mintToken: oidcTokenMinter(
        { org: membership.orgName, userLogin },
        options.mintOptions ?? { keys: databaseSigningKeys(db) },
      ),
    });
  const executionContext: ExecutionContext = {
    pulumi: { user: { id: actor.userId, login: userLogin }, organization: { login: membership.orgName } },
  };
  // Text that is no stored environment (anonymous `yaml/check`, where the CLI posts a stored
  // definition) may decrypt any environment's ciphertext: draftScope admits it only for callers
  // who may open every environment of the organization.
  const crypter =
    environmentId === undefined ? orgCrypter.notStored : orgCrypter.forEnvironment(environmentId);
  return { loader, crypter, providers, executionContext };
}

/** Read through the driver (lib/db/fast-sql.ts) when the actor does not carry it. */
async function userLoginOf(db: Db, userId: string): Promise<string> {
  const [user] = await fastSql(db).rows<{ login: string }>('SELECT "login" FROM "User" WHERE "id" = ?', [
    userId,
  ]);
  return user?.login ?? "";
}

async function evaluate(
  mode: "check" | "open",
  db: Db,
  actor: Actor,
  scope: EvaluationScope,
  name: string,
  yaml: string,
  options: EvaluateOptions,
  stored = false,
): Promise<EvalResult> {
  const context = await orgEvaluation(db, actor, scope, options, neededPermission(mode, options));
  const run = mode === "check" ? checkEnvironment : openEnvironment;
  return run(yaml, {
    name,
    ...context,
    // Only stored text is kept parsed (lib/environments/parsed-definitions.ts).
    parse: stored ? parseStoredDefinition : undefined,
    showSecrets: mode === "check" ? options.showSecrets === true : undefined,
    signal: options.signal ?? AbortSignal.timeout(mode === "check" ? CHECK_TIMEOUT_MS : OPEN_TIMEOUT_MS),
  });
}

async function evaluateYaml(
  mode: "check" | "open",
  actor: Actor,
  orgName: string,
  yaml: string,
  options: EvaluateOptions & { name?: string },
  db: Db,
): Promise<EvalResult> {
  const name = options.name ?? ANONYMOUS_ENVIRONMENT;
  const scope = await draftScope(db, actor, orgName, name, neededPermission(mode, options));
  return evaluate(mode, db, actor, scope, name, checkDefinitionText(yaml), options);
}

/**
 * Definition text that is not stored (the editor's draft of `project/env`, or anonymous text)
 * may hold the organization's ciphertext, which evaluation decrypts. A draft of a stored
 * environment needs the same permission on it as evaluating the stored one; anonymous text
 * needs it on every environment (the organization's default, or org admin).
 */
async function draftScope(
  db: Db,
  actor: Actor,
  orgName: string,
  name: string,
  need: EnvironmentPermission,
): Promise<EvaluationScope> {
  if (name !== ANONYMOUS_ENVIRONMENT) {
    const { project, name: env } = parseEnvironmentRef(name);
    const scope = await environmentScope(db, actor, orgName, project, env, need, { key: ORG_KEY });
    // A draft's ciphertext decrypts as the stored environment's.
    return { membership: scope.membership, environmentId: scope.env.id, orgKey: scope.joined.key };
  }
  const membership = await orgScope(db, actor, orgName);
  if (need === "read" || membership.role === "admin") return { membership };
  if (!allows(await orgDefaultPermission(db, membership.orgId), need))
    throw new ForbiddenError(
      `showing the values of definition text that is not stored needs "${need}" permission on every environment of the organization`,
    );
  return { membership };
}

/** Checks definition text in `orgName` (imports resolve there); `name` defaults to the anonymous `<yaml>`. */
export function checkEnvironmentYaml(
  actor: Actor,
  orgName: string,
  yaml: string,
  options: EvaluateOptions & { name?: string } = {},
  db: Db = getDb(),
): Promise<EvalResult> {
  if (options.showSecrets !== true) return evaluateYaml("check", actor, orgName, yaml, options, db);
  // A check that shows secret values decrypts them: recorded like a decrypt.
  return audited(
    db,
    actor,
    orgName,
    "environment.check_show_secrets",
    options.name ?? ANONYMOUS_ENVIRONMENT,
    () => evaluateYaml("check", actor, orgName, yaml, options, db),
  );
}

/** Opens definition text in `orgName`: providers are called, secrets are revealed (marked secret). */
export function openEnvironmentYaml(
  actor: Actor,
  orgName: string,
  yaml: string,
  options: EvaluateOptions & { name?: string } = {},
  db: Db = getDb(),
): Promise<EvalResult> {
  // The console's Open of the editor's text: recorded like an open of the stored environment.
  const name = options.name ?? ANONYMOUS_ENVIRONMENT;
  return audited(
    db,
    actor,
    orgName,
    "environment.open",
    `${name} (editor text)`,
    () => evaluateYaml("open", actor, orgName, yaml, options, db),
    openOutcome,
  );
}

/** An open whose providers failed (errors among the diagnostics) is recorded as an error. */
const openOutcome = (result: EvalResult): AuditOutcome =>
  result.diagnostics.some((d) => d.severity === "error") ? { result: "error" } : {};

export interface StoredEvaluation extends EvalResult {
  /** The stored definition that was evaluated (its yaml has secrets as ciphertext). */
  definition: EnvironmentDefinition;
}

async function evaluateStored(
  mode: "check" | "open",
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version: Version | undefined,
  options: EvaluateOptions,
  db: Db,
): Promise<StoredEvaluation> {
  const need = neededPermission(mode, options);
  // What it imported last time is read alongside its own definition (lib/environments/import-prefetch.ts).
  const prefetch =
    version === undefined
      ? startImportPrefetch(`${orgName}/${project}/${env}`, importReader(db, actor, orgName, need))
      : undefined;
  const { definition, membership, orgKey } = await readEnvironment(
    actor,
    orgName,
    project,
    env,
    version,
    db,
    need,
    true,
  );
  const scope = { membership, environmentId: definition.id, orgKey, readImport: prefetch?.read };
  const result = await evaluate(mode, db, actor, scope, `${project}/${env}`, definition.yaml, options, true);
  prefetch?.remember();
  return { ...result, definition };
}

/** Checks the stored `project/env` at `version` (default: newest). */
export function checkStoredEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  options: EvaluateOptions = {},
  db: Db = getDb(),
): Promise<StoredEvaluation> {
  return evaluateStored("check", actor, orgName, project, env, version, options, db);
}

/** Opens the stored `project/env` at `version` (default: newest). */
export async function openStoredEnvironment(
  actor: Actor,
  orgName: string,
  project: string,
  env: string,
  version?: Version,
  options: EvaluateOptions & {
    /** What to keep of what was opened (an open session), written with the open's audit entry. */
    keep?: (opened: StoredEvaluation) => Promise<(CompanionRow & { id: string }) | undefined>;
  } = {},
  db: Db = getDb(),
): Promise<StoredEvaluation & { keptId?: string }> {
  const { keep } = options;
  let keptId: string | undefined;
  const opened = await audited(
    db,
    actor,
    orgName,
    "environment.open",
    `${project}/${env}${version === undefined ? "" : `@${String(version).slice(0, 100)}`}`,
    () => evaluateStored("open", actor, orgName, project, env, version, options, db),
    (opened) => ({
      ...openOutcome(opened),
      target: `${project}/${env}@${opened.definition.revision}`,
      orgId: opened.definition.orgId,
    }),
    keep &&
      (async (opened) => {
        const kept = await keep(opened);
        keptId = kept?.id;
        return kept;
      }),
  );
  return { ...opened, keptId };
}
