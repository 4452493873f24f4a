// A small cobra-compatible argument parser: `--flag`, `--flag=value`, `--flag value`, `-f value`,
// `-f=value`, grouped short booleans (`-iy`), flags interspersed with positionals, and `--` to stop.
// Kept dependency-free because every command pays its load time.

export class UsageError extends Error {
  /** When set, the error line is followed by "Run '<command> --help' for usage." */
  constructor(
    message: string,
    readonly showHelpHint = false,
  ) {
    super(message);
  }
}

export interface FlagSpec {
  name: string;
  short?: string;
  /** "bool" flags take no value (but accept `--flag=false`); "string" flags need one. */
  type: "bool" | "string";
  description: string;
  /** For string flags that may appear bare (`--draft`): the value used when no `=value` is given. */
  noValue?: string;
  default?: string;
}

export interface ParsedArgs {
  flags: Map<string, string | boolean>;
  positionals: string[];
  /** Everything after `--` (or after the positional that stops flag parsing). */
  rest: string[];
  /** True when `--` was present. */
  sawDashDash: boolean;
}

export interface ParseOptions {
  /** Stop parsing flags once this many positionals were seen (the rest goes to `rest`). */
  stopAfterPositionals?: number;
}

export function parseArgs(argv: string[], specs: FlagSpec[], options: ParseOptions = {}): ParsedArgs {
  const flags = new Map<string, string | boolean>();
  const positionals: string[] = [];
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  let i = 0;
  const set = (spec: FlagSpec, inline: string | undefined, display: string) => {
    if (spec.type === "bool") {
      if (inline === undefined || inline === "true") flags.set(spec.name, true);
      else if (inline === "false") flags.set(spec.name, false);
      else throw new UsageError(`invalid argument "${inline}" for "${display}" flag: expected true or false`, true);
      return;
    }
    if (inline !== undefined) {
      flags.set(spec.name, inline);
    } else if (spec.noValue !== undefined) {
      flags.set(spec.name, spec.noValue);
    } else if (i + 1 < argv.length) {
      flags.set(spec.name, argv[++i]);
    } else {
      throw new UsageError(`flag needs an argument: ${display}`, true);
    }
  };
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (options.stopAfterPositionals !== undefined && positionals.length >= options.stopAfterPositionals) {
      return { flags, positionals, rest: argv.slice(i), sawDashDash: false };
    }
    if (arg === "--") return { flags, positionals, rest: argv.slice(i + 1), sawDashDash: true };
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`, true);
      set(spec, eq < 0 ? undefined : arg.slice(eq + 1), `--${name}`);
    } else if (arg.startsWith("-") && arg.length > 1) {
      // Short flags: booleans may be grouped; a string flag takes the remainder or the next arg.
      for (let j = 1; j < arg.length; j++) {
        const spec = byShort.get(arg[j]);
        if (!spec) throw new UsageError(`unknown shorthand flag: '${arg[j]}' in ${arg}`, true);
        if (spec.type === "bool" && arg[j + 1] !== "=") {
          set(spec, undefined, `-${arg[j]}`);
          continue;
        }
        const remainder = arg.slice(j + 1);
        set(spec, remainder === "" ? undefined : remainder.replace(/^=/, ""), `-${arg[j]}`);
        break;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { flags, positionals, rest: [], sawDashDash: false };
}

export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

export function boolFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.flags.get(name) === true;
}
