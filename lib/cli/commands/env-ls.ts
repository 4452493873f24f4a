// `esc env ls [-o ORG] [-p PROJECT] [--output text|json]`.
import { stringFlag, UsageError } from "../args";
import type { Command } from "../command";

export const lsCommand: Command = {
  name: "ls",
  aliases: ["list"],
  summary: "List environments.",
  usage: "esc env ls [flags]",
  flags: [
    { name: "organization", short: "o", type: "string", description: "only this organization's environments" },
    { name: "project", short: "p", type: "string", description: "only this project's environments" },
    { name: "output", type: "string", description: "text or json", default: "text" },
  ],
  async run(args, ctx) {
    if (args.positionals.length) throw new UsageError(`accepts 0 arg(s), received ${args.positionals.length}`);
    const output = stringFlag(args, "output") ?? "text";
    if (output !== "text" && output !== "json") throw new UsageError(`unknown output "${output}"; expected text or json`);
    const org = stringFlag(args, "organization");
    const project = stringFlag(args, "project");
    const envs = (await ctx.client().listEnvironments(org)).filter((e) => !project || e.project === project);
    const user = await ctx.defaultOrg();
    const rows = envs.map((e) => ({ org: e.organization ?? org ?? user, project: e.project, name: e.name }));
    rows.sort((a, b) => Number(a.org !== user) - Number(b.org !== user) || cmp(a.org, b.org) || cmp(a.project, b.project) || cmp(a.name, b.name));
    if (output === "json") {
      ctx.out(JSON.stringify(rows.map((r) => ({ organization: r.org, project: r.project, name: r.name })), null, 2) + "\n");
      return 0;
    }
    ctx.out(rows.map((r) => `${r.org === user ? "" : r.org + "/"}${r.project}/${r.name}\n`).join(""));
    return 0;
  },
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
