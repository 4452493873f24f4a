// `esc env get NAME[@V] [PATH] [--definition | --value FORMAT] [--show-secrets]`: the stored
// definition and its checked (not opened) value, in the reference's Markdown-ish layout.
import { boolFlag, stringFlag, UsageError } from "../args";
import type { Command } from "../command";
import { CliError, type Context } from "../context";
import { definitionAt, formatDefinition } from "../definition";
import { dotenvLine, isPortableName, shellLine } from "@/lib/esc/env-quoting";
import { SECRET_MASK, UNKNOWN_MASK } from "@/lib/esc/masks";
import { lookup, project, toPlain, valueToString } from "@/lib/esc/projection";
import { canonicalValue, withNewline, parsePath } from "../values";
import type { Value } from "../types";

const VALUE_FORMATS = ["json", "string", "dotenv", "shell", "detailed"];

export const getCommand: Command = {
  name: "get",
  summary: "Get a value within an environment.",
  usage: "esc env get [<org-name>/][<project-name>/]<environment-name>[@<version>] [<property path>] [flags]",
  description: `Get a value within an environment.

Prints the value (as checked, without opening providers) and its definition. Secrets are shown as
[secret] unless --show-secrets is given.`,
  flags: [
    { name: "definition", type: "bool", description: "print only the definition" },
    { name: "value", type: "string", description: "print only the value, as json, string, dotenv, shell or detailed" },
    { name: "show-secrets", type: "bool", description: "show secret values in clear" },
  ],
  async run(args, ctx) {
    const [name, pathText, ...extra] = args.positionals;
    if (!name) throw new UsageError("no environment specified");
    if (extra.length) throw new UsageError(`accepts at most 2 arg(s), received ${args.positionals.length}`);
    const onlyDefinition = boolFlag(args, "definition");
    const valueFormat = stringFlag(args, "value");
    if (onlyDefinition && valueFormat !== undefined) throw new CliError("`--value` and `--definition` flags cannot be used together");
    if (valueFormat !== undefined && !VALUE_FORMATS.includes(valueFormat)) throw new UsageError(`unknown value format "${valueFormat}"; expected one of ${VALUE_FORMATS.join(", ")}`);
    const showSecrets = boolFlag(args, "show-secrets");
    const path = pathText === undefined ? undefined : parsePath(pathText);

    const ref = await ctx.resolve(name);
    const client = ctx.client();
    // Values come from checking the stored definition (revealing secrets on request), so their
    // positions refer to it; --show-secrets shows the decrypted definition alongside.
    const stored = (await client.getEnvironment(ref, ref.version)).yaml;
    const yaml = showSecrets ? (await client.getEnvironment(ref, ref.version, true)).yaml : stored;

    if (onlyDefinition) {
      const def = path ? await definitionAt(yaml, path) : { text: await formatDefinition(yaml) };
      if (def) ctx.out(def.text.endsWith("\n") ? def.text : def.text + "\n");
      return 0;
    }
    const checked = await client.checkYaml(ref.org, stored, showSecrets);
    const properties = checked.properties ?? {};
    const value: Value | undefined = path ? lookup(properties, path) : { value: properties, trace: { def: { begin: zero, end: zero } } };

    if (valueFormat !== undefined) {
      if (value) printValue(ctx, value, valueFormat, path ? undefined : properties, !showSecrets);
      return 0;
    }
    const def = path ? await definitionAt(yaml, path) : yaml.trim() ? { text: await formatDefinition(yaml), line: 0, column: 0 } : undefined;
    const hasValue = value !== undefined && (path !== undefined || Object.keys(properties).length > 0);
    let out = "";
    if (hasValue) out += "# Value\n```json\n" + JSON.stringify(toPlain(value, !showSecrets), null, 2) + "\n```\n";
    if (def) out += "# Definition\n```yaml\n" + def.text.replace(/\s+$/, "") + "\n\n```\n";
    if (path && path[0] !== "imports" && (hasValue || def)) {
      out += "\n# Defined at\n" + definedAt(value, def, ref.env) + "\n";
    } else out += "\n"; // an empty environment prints one blank line, as in the reference
    ctx.out(out);
    return 0;
  },
};

const zero = { line: 0, column: 0, byte: 0 };

/** Where a value is defined and, if it overrides an import, where the overridden value was. */
function definedAt(value: Value | undefined, def: { line: number; column: number } | undefined, envName: string): string {
  const lines: string[] = [];
  for (const v of [value, value?.trace?.base]) {
    const r = v?.trace?.def;
    // yaml/check evaluates an anonymous document; it is this environment's definition.
    const env = !r?.environment || r.environment === "<yaml>" ? envName : r.environment;
    if (r && r.begin.line > 0) lines.push(`- ${env}:${r.begin.line}:${r.begin.column}`);
  }
  if (lines.length === 0 && def) lines.push(`- ${envName}:${def.line}:${def.column}`);
  return lines.map((l) => l + "\n").join("");
}

function printValue(ctx: Context, value: Value, format: string, properties: Record<string, Value> | undefined, redact: boolean): void {
  switch (format) {
    case "json":
      ctx.out(JSON.stringify(toPlain(value, redact), null, 2) + "\n");
      return;
    case "detailed":
      ctx.out(JSON.stringify(canonicalValue(value), null, 2) + "\n");
      return;
    case "string":
      ctx.out(withNewline(valueToString(value, redact)));
      return;
    default: {
      if (!properties) throw new UsageError(`--value ${format} applies to a whole environment, not to a property path`);
      const line = format === "shell" ? shellLine : dotenvLine;
      const { variables, files } = project(properties);
      const rows = [
        ...variables.map((v) => [v.name, v.secret && redact ? SECRET_MASK : v.text]),
        // Checking does not write files, so their paths are unknown, as in the reference.
        ...files.map((f) => [f.name, UNKNOWN_MASK]),
      ];
      ctx.out(rows.filter(([n]) => isPortableName(n)).map(([n, v]) => line(n, v) + "\n").join(""));
    }
  }
}
