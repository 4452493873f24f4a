// Name rules for organizations, projects and environments (API.md §1, from ESC's swagger.yaml).
// Each validator returns the name or throws a ValidationError that says what is wrong.
import { ValidationError } from "./errors";

const ORG_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-_]{1,38}[a-zA-Z0-9]$/;
const PROJECT_NAME = /^[a-zA-Z0-9-_.]{1,100}$/;
const ENV_NAME = /^[a-zA-Z0-9-_.]{1,100}$/;

/** The project the CLI uses when a name has no project part (`esc env init myenv`). */
export const DEFAULT_PROJECT = "default";

function describe(value: unknown): string | null {
  if (typeof value !== "string") return "must be a string";
  if (value.length === 0) return "must not be empty";
  return null;
}

export function validateOrgName(name: unknown): string {
  const problem = describe(name);
  if (problem) throw new ValidationError(`organization name ${problem}`);
  const s = name as string;
  if (!ORG_NAME.test(s)) {
    throw new ValidationError(
      "organization name must be 3 to 40 characters of letters, digits, '-' and '_', starting and ending with a letter or digit",
    );
  }
  return s;
}

export function validateProjectName(name: unknown): string {
  const problem = describe(name);
  if (problem) throw new ValidationError(`project name ${problem}`);
  const s = name as string;
  if (!PROJECT_NAME.test(s)) {
    throw new ValidationError(
      "project name must be 1 to 100 characters of letters, digits, '-', '_' and '.'",
    );
  }
  if (s.startsWith(".")) throw new ValidationError("project name must not start with '.'");
  return s;
}

export function validateEnvironmentName(name: unknown): string {
  const problem = describe(name);
  if (problem) throw new ValidationError(`environment name ${problem}`);
  const s = name as string;
  if (!ENV_NAME.test(s)) {
    throw new ValidationError(
      "environment name must be 1 to 100 characters of letters, digits, '-', '_' and '.'",
    );
  }
  // These prefixes would make /{org}/yaml/… and …/open/… paths ambiguous.
  for (const prefix of [".", "open", "yaml"]) {
    if (s.startsWith(prefix)) throw new ValidationError(`environment name must not start with '${prefix}'`);
  }
  return s;
}

/** Revision tag names: `latest` is reserved (automatic); numbers would read as revisions. */
export function validateRevisionTagName(name: unknown): string {
  const problem = describe(name);
  if (problem) throw new ValidationError(`tag name ${problem}`);
  const s = name as string;
  if (!/^[a-zA-Z0-9-_.]{1,100}$/.test(s)) {
    throw new ValidationError("tag name must be 1 to 100 characters of letters, digits, '-', '_' and '.'");
  }
  if (/^[0-9]+$/.test(s)) throw new ValidationError("tag name must not be a number (numbers name revisions)");
  return s;
}

/** Environment tag names and values: free text within bounds. */
export function validateEnvironmentTag(name: unknown, value: unknown): { name: string; value: string } {
  if (typeof name !== "string" || name.trim().length === 0 || name.length > 255) {
    throw new ValidationError("tag name must be 1 to 255 characters");
  }
  if (typeof value !== "string" || value.length > 1024) {
    throw new ValidationError("tag value must be a string of at most 1024 characters");
  }
  return { name, value };
}

/**
 * Splits an import reference as written in `imports:` into project and environment:
 * `project/env`, or a bare `env` in the `default` project.
 */
export function parseEnvironmentRef(ref: string): { project: string; name: string } {
  const parts = ref.split("/");
  if (parts.length === 1) return { project: DEFAULT_PROJECT, name: validateEnvironmentName(parts[0]) };
  if (parts.length === 2)
    return { project: validateProjectName(parts[0]), name: validateEnvironmentName(parts[1]) };
  throw new ValidationError(`environment reference "${ref.slice(0, 200)}" must be "env" or "project/env"`);
}
