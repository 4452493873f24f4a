// The command tree: each command declares its flags and usage; main.ts finds it, parses its
// flags and prints help. Help text is generated from these declarations, so it cannot drift.
import type { FlagSpec, ParsedArgs, ParseOptions } from "./args";
import type { Context } from "./context";

export interface Command {
  name: string;
  aliases?: string[];
  summary: string;
  /** e.g. "esc env run [<org-name>/][<project-name>/]<environment-name> [flags] -- [command]" */
  usage?: string;
  description?: string;
  flags?: FlagSpec[];
  parseOptions?: ParseOptions | ((argv: string[]) => ParseOptions);
  subcommands?: Command[];
  /** Returns the process exit code. */
  run?(args: ParsedArgs, ctx: Context): Promise<number>;
}

export const HELP_FLAG: FlagSpec = { name: "help", short: "h", type: "bool", description: "help for this command" };

export function findSubcommand(parent: Command, name: string): Command | undefined {
  return parent.subcommands?.find((c) => c.name === name || c.aliases?.includes(name));
}

function flagLines(flags: FlagSpec[]): string[] {
  const rows = flags.map((f) => {
    const short = f.short ? `-${f.short}, ` : "    ";
    const arg = f.type === "string" ? (f.noValue !== undefined ? "[=string]" : " string") : "";
    const def = f.default ? ` (default ${JSON.stringify(f.default)})` : "";
    return [`  ${short}--${f.name}${arg}`, f.description + def];
  });
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `${a.padEnd(width)}   ${b}`);
}

export function renderHelp(cmd: Command, path: string[]): string {
  const lines: string[] = [];
  lines.push(cmd.description ?? cmd.summary, "");
  lines.push("Usage:");
  if (cmd.run) lines.push(`  ${cmd.usage ?? path.join(" ")}`);
  if (cmd.subcommands?.length) lines.push(`  ${path.join(" ")} [command]`);
  if (cmd.aliases?.length) lines.push("", "Aliases:", `  ${[cmd.name, ...cmd.aliases].join(", ")}`);
  if (cmd.subcommands?.length) {
    lines.push("", "Available Commands:");
    const width = Math.max(...cmd.subcommands.map((c) => c.name.length));
    for (const c of cmd.subcommands) lines.push(`  ${c.name.padEnd(width)}  ${c.summary}`);
  }
  lines.push("", "Flags:", ...flagLines([...(cmd.flags ?? []), HELP_FLAG]));
  if (cmd.subcommands?.length) lines.push("", `Use "${path.join(" ")} [command] --help" for more information about a command.`);
  return lines.join("\n") + "\n";
}
