// `esc env diff NAME[@V] [[NAME]@V]`: compare two versions (default: against latest) of the checked
// value and of the definition, as unified diffs.
import { boolFlag, stringFlag, UsageError } from "../args";
import type { Command } from "../command";
import { CliError, type Context } from "../context";
import { formatDefinition } from "../definition";
import { dotenvLine, shellLine } from "@/lib/esc/env-quoting";
import { unifiedDiff } from "../unified-diff";
import { formatRef } from "../names";
import { SECRET_MASK } from "@/lib/esc/masks";
import { lookup, project, toPlain, valueToString } from "@/lib/esc/projection";
import { parsePath } from "../values";
import type { EnvRef, Value } from "../types";

const FORMATS = ["json", "string", "dotenv", "shell"];

interface Side {
  label: string;
  value: Value | undefined;
  definition: string;
}

async function load(ctx: Context, ref: EnvRef, showSecrets: boolean, path: (string | number)[] | undefined): Promise<Omit<Side, "label">> {
  const client = ctx.client();
  const stored = (await client.getEnvironment(ref, ref.version)).yaml;
  const shown = showSecrets ? (await client.getEnvironment(ref, ref.version, true)).yaml : stored;
  const checked = await client.checkYaml(ref.org, stored, showSecrets);
  const props = checked.properties ?? {};
  const value = path ? lookup(props, path) : Object.keys(props).length ? { value: props, trace: { def: { begin: zero, end: zero } } } : undefined;
  return { value, definition: shown.trim() ? await formatDefinition(shown) : "" };
}

const zero = { line: 0, column: 0, byte: 0 };

function render(v: Value | undefined, format: string, redact: boolean): string {
  if (!v) return "";
  switch (format) {
    case "json":
      return JSON.stringify(toPlain(v, redact), null, 2);
    case "string":
      return valueToString(v, redact) + "\n";
    default: {
      const props = (v.value ?? {}) as Record<string, Value>;
      const line = format === "shell" ? shellLine : dotenvLine;
      return project(props)
        .variables.map((x) => line(x.name, x.secret && redact ? SECRET_MASK : x.text) + "\n")
        .join("");
    }
  }
}

export const diffCommand: Command = {
  name: "diff",
  summary: "Show changes between versions.",
  usage: "esc env diff [<org-name>/][<project-name>/]<environment-name>[@<version>] [[<org-name>/][<project-name>/]<environment-name>][@<version>] [flags]",
  flags: [
    { name: "format", short: "f", type: "string", description: "compare only the value, rendered as json, string, dotenv or shell" },
    { name: "path", type: "string", description: "compare only this property path" },
    { name: "show-secrets", type: "bool", description: "show secret values in clear" },
  ],
  async run(args, ctx) {
    const [first, second, ...extra] = args.positionals;
    if (!first) throw new UsageError("no environment specified");
    if (extra.length) throw new UsageError(`accepts at most 2 arg(s), received ${args.positionals.length}`);
    const format = stringFlag(args, "format");
    if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; expected one of ${FORMATS.join(", ")}`);
    const showSecrets = boolFlag(args, "show-secrets");
    const pathText = stringFlag(args, "path");
    const path = pathText === undefined ? undefined : parsePath(pathText);

    const a = await ctx.resolve(first);
    a.version ??= "latest";
    let b: EnvRef;
    if (second === undefined) b = { ...a, version: "latest" };
    else if (second.startsWith("@") || second.startsWith(":")) b = { ...a, version: second.slice(1) };
    else b = await ctx.resolve(second);
    if (!b.version && second === undefined) throw new CliError("nothing to compare");
    const label = (r: EnvRef) => formatRef(r) + (r.version ? `@${r.version}` : "");
    const [sa, sb] = await Promise.all([load(ctx, a, showSecrets, path), load(ctx, b, showSecrets, path)]);
    const redact = !showSecrets;
    if (format !== undefined) {
      ctx.out(unifiedDiff(render(sa.value, format, redact), render(sb.value, format, redact), label(a), label(b)));
      return 0;
    }
    const valueDiff = unifiedDiff(render(sa.value, "json", redact), render(sb.value, "json", redact), label(a), label(b));
    const defDiff = path ? "" : unifiedDiff(sa.definition, sb.definition, label(a), label(b));
    let out = "";
    if (valueDiff) out += "# Value\n```diff\n" + valueDiff + "\n```\n";
    if (defDiff) out += "# Definition\n```diff\n" + defDiff + "\n```\n";
    ctx.out(out);
    return 0;
  },
};
