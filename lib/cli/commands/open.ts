// `esc env open NAME [PATH] [--format json|yaml|detailed|dotenv|shell|string]`: print the opened
// environment (secrets unredacted, as the reference does). dotenv/shell write the files to
// private temp files that are kept, so the printed paths stay valid for the caller's shell.
import { stringFlag, UsageError } from "../args";
import type { Command } from "../command";
import { CliError, type Context } from "../context";
import { loadYaml } from "../definition";
import { DRAFT_FLAG, LIFETIME_FLAG, openByName } from "../open";
import { dotenvLine, isPortableName, shellLine } from "@/lib/esc/env-quoting";
import { TempFiles } from "../temp-files";
import { lookup, project, toPlain, valueToString } from "@/lib/esc/projection";
import { canonicalValue, withNewline, parsePath } from "../values";
import type { Value } from "../types";

const FORMATS = ["json", "yaml", "detailed", "dotenv", "shell", "string"];

export const openCommand: Command = {
  name: "open",
  summary: "Open the environment with the given name.",
  usage: "esc env open [<org-name>/][<project-name>/]<environment-name>[@<version>] [<property path>] [flags]",
  description: `Open the environment with the given name and print its values.

Opening evaluates the environment, including dynamic providers. Secrets are printed in clear.
The optional property path selects one value, e.g. aws.creds or "a.b[0]".`,
  flags: [
    { name: "format", short: "f", type: "string", description: "the output format: json, yaml, detailed, dotenv, shell or string", default: "json" },
    LIFETIME_FLAG,
    DRAFT_FLAG,
  ],
  async run(args, ctx) {
    const [name, pathText, ...extra] = args.positionals;
    if (!name) throw new UsageError("no environment specified");
    if (extra.length) throw new UsageError(`accepts at most 2 arg(s), received ${args.positionals.length}`);
    const format = stringFlag(args, "format") ?? "json";
    if (!FORMATS.includes(format)) throw new UsageError(`unknown output format "${format}"; expected one of ${FORMATS.join(", ")}`);
    const path = pathText === undefined ? undefined : parsePath(pathText);
    const { env } = await openByName(ctx, name, stringFlag(args, "lifetime"), stringFlag(args, "draft"));
    const root: Value = { value: env.properties ?? {}, trace: { def: { begin: zero, end: zero } } };
    const value = path ? lookup(env.properties ?? {}, path) : root;
    if (!value) throw new CliError(`property ${JSON.stringify(pathText)} not found in ${name}`);
    // An empty environment prints nothing, as in the reference.
    if (!path && Object.keys(env.properties ?? {}).length === 0 && format !== "dotenv" && format !== "shell") return 0;
    await printValue(ctx, value, format, path ? undefined : env.properties ?? {});
    return 0;
  },
};

const zero = { line: 0, column: 0, byte: 0 };

export async function printValue(ctx: Context, value: Value, format: string, properties: Record<string, Value> | undefined): Promise<void> {
  switch (format) {
    case "json":
      ctx.out(JSON.stringify(toPlain(value, false), null, 2) + "\n");
      return;
    case "detailed":
      ctx.out(JSON.stringify(canonicalValue(value), null, 2) + "\n");
      return;
    case "yaml": {
      const { stringify } = await loadYaml();
      ctx.out(stringify(toPlain(value, false)));
      return;
    }
    case "string":
      ctx.out(withNewline(valueToString(value)));
      return;
    default:
      if (!properties) throw new UsageError(`--format ${format} applies to a whole environment, not to a property path`);
      ctx.out(projectionLines(ctx, properties, format === "shell" ? shellLine : dotenvLine));
  }
}

function projectionLines(ctx: Context, properties: Record<string, Value>, line: (name: string, value: string) => string): string {
  const projection = project(properties);
  const files = new TempFiles(true);
  const lines: string[] = [];
  const add = (name: string, value: () => string) => {
    if (!isPortableName(name)) {
      ctx.warn(`warning: skipping ${JSON.stringify(name)}: not a valid variable name`);
      return;
    }
    lines.push(line(name, value()));
  };
  for (const v of projection.variables) add(v.name, () => v.text);
  for (const f of projection.files) add(f.name, () => files.write(f.text));
  return lines.map((l) => l + "\n").join("");
}
