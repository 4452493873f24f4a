// `esc env set NAME PATH VALUE` and `esc env rm NAME [PATH]`: read the definition with its ETag,
// edit it locally, PATCH it back with the ETag (a concurrent edit gets 409 instead of being lost).
import { boolFlag, stringFlag, UsageError } from "../args";
import type { Command } from "../command";
import { CliError, type Context } from "../context";
import { deleteAt, loadYaml, setAt } from "../definition";
import { formatDiagnostics } from "../diagnostics";
import { readInput } from "../input";
import { formatRef, parseEnvName } from "../names";
import { readLine } from "../prompt";
import { looksLikeSecret } from "../secret-heuristic";
import { DRAFT_FLAG, rejectDraft } from "../open";
import { parsePath } from "../values";
import type { EnvRef } from "../types";

export const setCommand: Command = {
  name: "set",
  summary: "Set a value within an environment.",
  usage: "esc env set [<org-name>/][<project-name>/]<environment-name> <property path> <value> [flags]",
  description: `Set a value within an environment.

The value is read as YAML (so 42 is a number and [a, b] a list) unless --string is given.
Values that look like credentials are refused unless --secret or --plaintext says what they are.`,
  flags: [
    { name: "secret", type: "bool", description: "store the value as a secret (encrypted at rest, redacted when shown)" },
    { name: "plaintext", type: "bool", description: "store the value in plaintext even if it looks like a secret" },
    { name: "string", type: "bool", description: "treat the value as a string rather than YAML" },
    { name: "file", short: "f", type: "string", description: "read the value from this file (- for stdin)" },
    DRAFT_FLAG,
  ],
  async run(args, ctx) {
    const file = stringFlag(args, "file");
    const pos = args.positionals;
    if (pos.length === 0 || pos.length > 3 || (file !== undefined && pos.length > 2)) throw new UsageError(`accepts between 1 and 3 arg(s), received ${pos.length}`);
    if (pos.length < 2) throw new CliError("expected a path");
    if (file === undefined && pos.length < 3) throw new CliError("expected a value");
    rejectDraft(stringFlag(args, "draft"));
    const [name, pathText] = pos;
    if (parseEnvName(name).version !== undefined) throw new CliError("the set command does not accept versions");
    const secret = boolFlag(args, "secret");
    if (secret && boolFlag(args, "plaintext")) throw new UsageError("--secret and --plaintext cannot be used together");
    const path = parsePath(pathText);
    const raw = file === undefined ? pos[2] : await readInput(ctx.io, file);
    const { value, node } = await parseValue(raw, boolFlag(args, "string"));
    if (typeof value === "string" && !secret && !boolFlag(args, "plaintext") && looksLikeSecret(value)) {
      throw new CliError("value looks like a secret; rerun with --secret to mark it as such, or --plaintext if you meant to leave it as plaintext");
    }
    // Secrets must be strings: a number or boolean is stored as the text the user typed.
    const stored = secret ? { "fn::secret": typeof value === "number" || typeof value === "boolean" ? raw.trim() : node } : node;
    const ref = await ctx.resolve(name);
    await editDefinition(ctx, ref, name, (yaml) => setAt(yaml, path, stored));
    return 0;
  },
};

/**
 * YAML unless --string (YAML also drops a file's trailing newline). Returns the plain value and
 * the YAML node, which keeps the quoting the user wrote (`{"fn::open::test": "esc"}`).
 */
async function parseValue(raw: string, asString: boolean): Promise<{ value: unknown; node: unknown }> {
  // An empty argument means the empty string, not YAML's null.
  if (asString || raw === "") return { value: raw, node: raw };
  const Y = await loadYaml();
  const doc = Y.parseDocument(raw);
  if (doc.errors.length) throw new CliError(`invalid value: ${doc.errors[0].message.split("\n")[0]}`);
  const node = doc.contents;
  // A collection given inline is stored in block style, as the reference does.
  if (Y.isCollection(node) && node.items.length > 0) node.flow = false;
  return { value: doc.toJS(), node: node ?? null };
}

export async function editDefinition(ctx: Context, ref: EnvRef, typedName: string, edit: (yaml: string) => Promise<string>): Promise<void> {
  const client = ctx.client();
  const current = await client.getEnvironment(ref);
  const next = await edit(current.yaml);
  const diags = await client.updateEnvironment(ref, next, current.etag);
  if (diags.length) {
    ctx.err(formatDiagnostics(diags, typedName, true));
    throw new CliError("", 1);
  }
}

export const rmCommand: Command = {
  name: "rm",
  aliases: ["remove"],
  summary: "Remove an environment or a value from an environment.",
  usage: "esc env rm [<org-name>/][<project-name>/]<environment-name> [<property path>] [flags]",
  description: `Remove an environment, or a value from an environment's definition.

Removing a whole environment asks for confirmation unless --yes is given or
PULUMI_SKIP_CONFIRMATIONS is set.`,
  flags: [{ name: "yes", short: "y", type: "bool", description: "skip the confirmation prompt" }],
  async run(args, ctx) {
    const [name, pathText, ...extra] = args.positionals;
    if (!name) throw new UsageError("no environment specified");
    if (extra.length) throw new UsageError(`accepts at most 2 arg(s), received ${args.positionals.length}`);
    if (parseEnvName(name).version !== undefined) throw new CliError("the rm command does not accept versions");
    const ref = await ctx.resolve(name);
    if (pathText !== undefined) {
      const path = parsePath(pathText);
      await editDefinition(ctx, ref, name, (yaml) => deleteAt(yaml, path));
      return 0;
    }
    const skip = boolFlag(args, "yes") || isTruthy(ctx.io.env.PULUMI_SKIP_CONFIRMATIONS);
    if (!skip) {
      const full = formatRef(ref);
      ctx.err(`This will permanently remove the "${full}" environment!\nPlease confirm that this is what you'd like to do by typing \`${full}\`: `);
      const answer = (await readLine(ctx.io, false)).trim();
      if (answer !== full) throw new CliError("confirmation declined, not proceeding with the removal");
    }
    await ctx.client().deleteEnvironment(ref);
    ctx.out(`Environment "${formatRef(ref)}" has been removed!\n`);
    return 0;
  },
};

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}
