// Environment names as the reference CLI reads them (API.md §4): `[org/][project/]env[@version]`,
// `:` also accepted before the version. One part uses the default org and project `default`; two
// parts are ambiguous between `<defaultOrg>/<project>/<env>` and the legacy `<org>/default/<env>`.
import { UsageError } from "./args";
import type { EnvRef } from "./types";

export interface ParsedName {
  parts: string[];
  version?: string;
}

const PART = /^[A-Za-z0-9_.-]+$/;

export function parseEnvName(text: string): ParsedName {
  if (!text) throw new UsageError("no environment specified");
  let name = text;
  let version: string | undefined;
  const at = name.lastIndexOf("@");
  const colon = name.lastIndexOf(":");
  const sep = at >= 0 ? at : colon;
  if (sep >= 0) {
    version = name.slice(sep + 1);
    name = name.slice(0, sep);
    if (!version)
      throw new UsageError(`invalid environment name "${text}": empty version after "${text[sep]}"`);
  }
  const parts = name.split("/");
  if (parts.length > 3)
    throw new UsageError(`invalid environment name "${text}": expected [<org>/][<project>/]<environment>`);
  for (const p of parts) {
    if (!PART.test(p))
      throw new UsageError(
        `invalid environment name "${text}": each part must be letters, digits, "-", "_" or "."`,
      );
  }
  return { parts, version };
}

/** What name resolution may ask of the server; kept narrow so it is unit-testable. */
export interface NameContext {
  defaultOrg(): Promise<string>;
  exists(ref: EnvRef): Promise<boolean>;
  /** For new environments: is `name` one of the user's organizations? */
  isOrg(name: string): Promise<boolean>;
  /** For new environments: does the project exist in the default org? */
  projectExists(org: string, project: string): Promise<boolean>;
  warn(message: string): void;
}

function ambiguityWarning(text: string, ref: EnvRef): string {
  return `warning: environment reference "${text}" is ambiguous (resolved to ${ref.org}/${ref.project}/${ref.env}). Use <org>/<project>/<environment> instead.`;
}

/** Resolves a name that must already exist. */
export async function resolveExisting(text: string, ctx: NameContext): Promise<EnvRef> {
  const { parts, version } = parseEnvName(text);
  if (parts.length === 3) return { org: parts[0], project: parts[1], env: parts[2], version };
  const org = await ctx.defaultOrg();
  if (parts.length === 1) return { org, project: "default", env: parts[0], version };
  const projectForm: EnvRef = { org, project: parts[0], env: parts[1], version };
  const legacyForm: EnvRef = { org: parts[0], project: "default", env: parts[1], version };
  // Same ref either way (org == default org and project == "default"): nothing to disambiguate.
  if (projectForm.org === legacyForm.org && projectForm.project === legacyForm.project) return projectForm;
  const [projectExists, legacyExists] = await Promise.all([ctx.exists(projectForm), ctx.exists(legacyForm)]);
  if (projectExists && legacyExists) {
    throw new UsageError(
      `ambiguous path "${text}": both ${org}/${parts[0]}/${parts[1]} and ${parts[0]}/default/${parts[1]} exist; use <org>/<project>/<environment>`,
    );
  }
  if (legacyExists) {
    ctx.warn(ambiguityWarning(text, legacyForm));
    return legacyForm;
  }
  return projectForm;
}

/** Resolves a name for a new environment (`env init`, clone destinations). */
export async function resolveNew(text: string, ctx: NameContext): Promise<EnvRef> {
  const { parts, version } = parseEnvName(text);
  if (parts.length === 3) return { org: parts[0], project: parts[1], env: parts[2], version };
  const org = await ctx.defaultOrg();
  if (parts.length === 1) return { org, project: "default", env: parts[0], version };
  const legacyForm: EnvRef = { org: parts[0], project: "default", env: parts[1], version };
  // `acme/dev` where acme is one of your organizations (your default one included) and not a
  // project: the organization's `default` project, as the console and `<org>/<env>` docs mean it.
  if ((await ctx.isOrg(parts[0])) && !(await ctx.projectExists(org, parts[0]))) {
    ctx.warn(ambiguityWarning(text, legacyForm));
    return legacyForm;
  }
  return { org, project: parts[0], env: parts[1], version };
}

export function formatRef(ref: EnvRef): string {
  return `${ref.org}/${ref.project}/${ref.env}`;
}
