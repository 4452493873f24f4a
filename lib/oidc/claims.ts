// The claims of ESC's "v1" vendor-login tokens (SEMANTICS.md §10.1). Cloud trust policies match
// `aud` and `sub` exactly, so these strings are the product's public contract.

export const SUBJECT_ATTRIBUTES = [
  "rootEnvironment.name",
  "currentEnvironment.name",
  "pulumi.user.login",
  "pulumi.organization.login",
] as const;
export type SubjectAttribute = (typeof SUBJECT_ATTRIBUTES)[number];

export interface TokenSubjectRequest {
  org: string;
  /** Project of the environment that defines the login (`default` for legacy environments). */
  project: string;
  env: string;
  /** The environment opened first, as `project/env` (or a bare name in the default project). */
  rootEnv: string;
  userLogin: string;
  /** `aws`, `azure`, `gcp`, ... */
  audiencePrefix: string;
  subjectAttributes?: string[];
}

export interface IdentityClaims {
  aud: string;
  sub: string;
  current_env: string;
  root_env: string;
  trigger_user: string;
}

const DEFAULT_PROJECT = "default";

/** `project/env`, or the bare env name in the default project. */
export function environmentClaimName(project: string, env: string): string {
  return project === DEFAULT_PROJECT ? env : `${project}/${env}`;
}

function normaliseRootEnv(rootEnv: string): string {
  return rootEnv.startsWith(`${DEFAULT_PROJECT}/`) ? rootEnv.slice(DEFAULT_PROJECT.length + 1) : rootEnv;
}

function requireName(field: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 256 || /[:\s]/.test(value)) {
    throw new Error(`cannot mint an OIDC token: ${field} must be a non-empty name without spaces or ':'`);
  }
  return value;
}

export function identityClaims(request: TokenSubjectRequest): IdentityClaims {
  const org = requireName("org", request.org);
  const project = requireName("project", request.project);
  const env = requireName("env", request.env);
  const rootEnv = normaliseRootEnv(requireName("rootEnv", request.rootEnv));
  const user = requireName("userLogin", request.userLogin);
  const prefix = requireName("audiencePrefix", request.audiencePrefix);
  const currentEnv = environmentClaimName(project, env);

  const aud = project === DEFAULT_PROJECT ? org : `${prefix}:${org}`;
  let sub = `pulumi:environments:org:${org}:env:${currentEnv}`;
  if (request.subjectAttributes && request.subjectAttributes.length > 0) {
    const values: Record<SubjectAttribute, string> = {
      "rootEnvironment.name": rootEnv,
      "currentEnvironment.name": currentEnv,
      "pulumi.user.login": user,
      "pulumi.organization.login": org,
    };
    sub = `pulumi:environments:pulumi.organization.login:${org}`;
    for (const attribute of request.subjectAttributes) {
      if (!(SUBJECT_ATTRIBUTES as readonly string[]).includes(attribute)) {
        throw new Error(
          `unknown subject attribute ${JSON.stringify(String(attribute).slice(0, 60))}; allowed: ${SUBJECT_ATTRIBUTES.join(", ")}`,
        );
      }
      sub += `:${attribute}:${values[attribute as SubjectAttribute]}`;
    }
  }
  return { aud, sub, current_env: currentEnv, root_env: rootEnv, trigger_user: user };
}
