// `esc env edit NAME [-f FILE] [--editor CMD]`: replace the definition from a file, or edit it in
// $VISUAL/$EDITOR. The temp copy is private (0600) and removed afterwards.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { stringFlag, UsageError } from "../args";
import type { Command } from "../command";
import { CliError } from "../context";
import { readInput } from "../input";
import { TempFiles } from "../temp-files";
import { editDefinition } from "./env-set";

export const editCommand: Command = {
  name: "edit",
  summary: "Edit an environment definition",
  usage: "esc env edit [<org-name>/][<project-name>/]<environment-name> [flags]",
  flags: [
    { name: "file", short: "f", type: "string", description: "replace the definition with this file's content (- for stdin)" },
    { name: "editor", type: "string", description: "the editor command (default $VISUAL, $EDITOR, then vi)" },
  ],
  async run(args, ctx) {
    const [name, ...extra] = args.positionals;
    if (!name) throw new UsageError("no environment specified");
    if (extra.length) throw new UsageError(`accepts 1 arg(s), received ${args.positionals.length}`);
    const ref = await ctx.resolve(name);
    if (ref.version) throw new CliError("the edit command does not accept versions");
    const file = stringFlag(args, "file");
    if (file !== undefined) {
      const text = await readInput(ctx.io, file);
      await editDefinition(ctx, ref, name, async () => text);
      return 0;
    }
    const editor = stringFlag(args, "editor") || ctx.io.env.VISUAL || ctx.io.env.EDITOR || "vi";
    await editDefinition(ctx, ref, name, async (yaml) => {
      const temp = new TempFiles();
      try {
        const path = temp.write(yaml);
        // Split on spaces so `code --wait` works; no shell, so nothing in the path is interpreted.
        const [cmd, ...cmdArgs] = editor.split(/\s+/).filter(Boolean);
        const result = spawnSync(cmd, [...cmdArgs, path], { stdio: "inherit" });
        if (result.error || result.status !== 0) throw new CliError(`editor ${cmd} failed; the environment was not changed`);
        const edited = fs.readFileSync(path, "utf8");
        if (edited.trim() === "") throw new CliError("the definition is empty; the environment was not changed");
        return edited;
      } finally {
        temp.remove();
      }
    });
    return 0;
  },
};
