// `esc env init NAME [-f FILE]` and `esc env clone SRC DEST`.
import { boolFlag, stringFlag, UsageError } from "../args";
import { ApiError } from "../client";
import type { Command } from "../command";
import { CliError } from "../context";
import { formatDiagnostics } from "../diagnostics";
import { readInput } from "../input";
import { formatRef, parseEnvName } from "../names";

export const initCommand: Command = {
  name: "init",
  aliases: ["new"],
  summary: "Create an empty environment with the given name.",
  usage: "esc env init [<org-name>/][<project-name>/]<environment-name> [flags]",
  flags: [{ name: "file", short: "f", type: "string", description: "the file holding the initial definition (- for stdin)" }],
  async run(args, ctx) {
    const [name, ...extra] = args.positionals;
    if (!name) throw new UsageError("no environment specified");
    if (extra.length) throw new UsageError(`accepts 1 arg(s), received ${args.positionals.length}`);
    if (parseEnvName(name).version !== undefined) throw new CliError("the init command does not accept versions");
    const file = stringFlag(args, "file");
    const definition = file === undefined ? undefined : await readInput(ctx.io, file);
    const ref = await ctx.resolveNew(name);
    const client = ctx.client();
    try {
      await client.createEnvironment(ref);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) throw new CliError("creating environment: already exists");
      if (err instanceof ApiError) throw new CliError(`creating environment: ${err.message}`);
      throw err;
    }
    ctx.out(`Environment created: ${formatRef(ref)}\n`);
    if (definition !== undefined) {
      const diags = await client.updateEnvironment(ref, definition);
      if (diags.length) {
        ctx.err(formatDiagnostics(diags, name, true));
        throw new CliError("updating environment definition: the definition has errors");
      }
    }
    return 0;
  },
};

export const cloneCommand: Command = {
  name: "clone",
  summary: "Clone an existing environment into a new environment.",
  usage: "esc env clone [<org-name>/]<src-project-name>/<src-environment-name> [<dest-project-name>/]<dest-environment-name> [flags]",
  flags: [
    { name: "preserve-history", type: "bool", description: "copy the revision history" },
    { name: "preserve-access", type: "bool", description: "copy team access" },
    { name: "preserve-env-tags", type: "bool", description: "copy environment tags" },
    { name: "preserve-rev-tags", type: "bool", description: "copy revision tags (needs --preserve-history)" },
  ],
  async run(args, ctx) {
    if (args.positionals.length !== 2) throw new UsageError(`accepts 2 arg(s), received ${args.positionals.length}`);
    const [srcName, destName] = args.positionals;
    const src = await ctx.resolve(srcName);
    const destParts = parseEnvName(destName);
    if (destParts.version !== undefined || destParts.parts.length > 2) throw new UsageError(`invalid destination "${destName}": expected [<project>/]<environment>`);
    const dest = destParts.parts.length === 2 ? { project: destParts.parts[0], name: destParts.parts[1] } : { name: destParts.parts[0] };
    try {
      await ctx.client().cloneEnvironment(src, dest, {
        preserveHistory: boolFlag(args, "preserve-history"),
        preserveAccess: boolFlag(args, "preserve-access"),
        preserveEnvironmentTags: boolFlag(args, "preserve-env-tags"),
        preserveRevisionTags: boolFlag(args, "preserve-rev-tags"),
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) throw new CliError("cloning environment: already exists");
      if (err instanceof ApiError && err.status === 404) throw new CliError("cloning environment: source env not found");
      throw err;
    }
    ctx.out(`Environment ${srcName} cloned into ${src.org}/${dest.project ?? src.project}/${dest.name}.\n`);
    return 0;
  },
};
