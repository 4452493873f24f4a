// Entry point of the `esc` CLI (bundled to dist/esc.mjs by scripts/build-cli.mjs). Finds the
// command, parses its flags, runs it, and maps every failure to `Error: <message>` and an exit
// code (docs/cli.md). Never prints a stack trace or a secret.
import { boolFlag, parseArgs, UsageError } from "./args";
import { findSubcommand, HELP_FLAG, renderHelp, type Command } from "./command";
import { ApiError } from "./client";
import { CliError, Context, type Io } from "./context";
import { formatDiagnostics } from "./diagnostics";
import { envCommand } from "./commands/env";
import { loginCommand, logoutCommand } from "./commands/login";
import { openCommand } from "./commands/open";
import { runCommand } from "./commands/run";
import { VERSION } from "./version";

const versionCommand: Command = {
  name: "version",
  summary: "Print esc's version number",
  async run(_args, ctx) {
    ctx.out(`v${VERSION}\n`);
    return 0;
  },
};

export const rootCommand: Command = {
  name: "esc",
  summary: "Pulumi ESC - Manage environments, secrets, and configuration",
  description: `Pulumi ESC - Manage environments, secrets, and configuration

To begin working with Pulumi ESC, run the \`esc env init\` command:

    $ esc env init

This will prompt you to create a new environment to hold secrets and configuration.

The most common commands from there are:

    - esc env get  : Get a property in an environment definition
    - esc env set  : Set a property in an environment definition
    - esc env edit : Edit an environment definition
    - esc env ls   : List available environments
    - esc run      : Run a command within the context of an environment
    - esc open     : Open an environment and access its contents

For more information, see docs/cli.md or run any command with --help.`,
  subcommands: [envCommand, loginCommand, logoutCommand, openCommand, runCommand, versionCommand],
};

export async function main(argv: string[], io: Io): Promise<number> {
  const ctx = new Context(io);
  const path = ["esc"];
  let cmd = rootCommand;
  let i = 0;
  for (; i < argv.length; i++) {
    const next = findSubcommand(cmd, argv[i]);
    if (!next) break;
    cmd = next;
    path.push(next.name);
  }
  const rest = argv.slice(i);
  try {
    const specs = [...(cmd.flags ?? []), HELP_FLAG];
    const options = typeof cmd.parseOptions === "function" ? cmd.parseOptions(rest) : cmd.parseOptions;
    const args = parseArgs(rest, specs, options);
    if (boolFlag(args, "help")) {
      ctx.out(renderHelp(cmd, path));
      return 0;
    }
    if (!cmd.run) {
      if (args.positionals.length > 0) throw new UsageError(`unknown command "${args.positionals[0]}" for "${path.join(" ")}"`, true);
      ctx.out(renderHelp(cmd, path));
      return 0;
    }
    return await cmd.run(args, ctx);
  } catch (err) {
    return reportError(ctx, err, path);
  }
}

function reportError(ctx: Context, err: unknown, path: string[]): number {
  if (err instanceof UsageError) {
    ctx.err(`Error: ${err.message}\n`);
    if (err.showHelpHint) ctx.err(`Run '${path.join(" ")} --help' for usage.\n`);
    return 1;
  }
  if (err instanceof CliError) {
    if (err.message) ctx.err(`Error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof ApiError) {
    if (err.diagnostics?.length) ctx.err(formatDiagnostics(err.diagnostics, ""));
    ctx.err(`Error: ${err.message}\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.err(`Error: ${message}\n`);
  return 1;
}
