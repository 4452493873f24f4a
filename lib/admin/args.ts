// A small, strict flag parser for the admin command: `--name value`, `--name=value` and boolean
// flags; unknown flags and missing values are errors (a typo must never be silently ignored).

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface FlagSpec {
  /** Flags that take a value. */
  values: readonly string[];
  /** Flags that are on or off. */
  booleans?: readonly string[];
}

export interface ParsedFlags {
  values: Record<string, string>;
  booleans: Set<string>;
  positionals: string[];
}

export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const out: ParsedFlags = { values: {}, booleans: new Set(), positionals: [] };
  const booleans = new Set(["help", ...(spec.booleans ?? [])]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h") {
      out.booleans.add("help");
      continue;
    }
    if (!arg.startsWith("--")) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleans.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out.booleans.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
      out.values[name] = value;
    } else {
      throw new UsageError(`unknown flag --${name}`);
    }
  }
  return out;
}

export function requireFlag(flags: ParsedFlags, name: string): string {
  const value = flags.values[name];
  if (value === undefined || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}
