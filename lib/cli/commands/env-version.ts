// `esc env version NAME@V`, `version history`, `version tag [ls|rm]`, `version rollback`.
import { boolFlag, stringFlag, UsageError } from "../args";
import type { EscClient, EnvironmentRevision } from "../client";
import type { Command } from "../command";
import { CliError, type Context } from "../context";
import { formatDiagnostics } from "../diagnostics";
import { DRAFT_FLAG, rejectDraft } from "../open";
import { formatPerson, formatTime, renderTable } from "../time-format";
import type { EnvRef } from "../types";

const UTC_FLAG = { name: "utc", type: "bool" as const, description: "show times in UTC" };
const PAGE = 500;

async function resolveVersioned(ctx: Context, name: string | undefined, required: boolean): Promise<EnvRef> {
  if (!name) throw new UsageError("no environment specified");
  const ref = await ctx.resolve(name);
  if (required && !ref.version) throw new UsageError(`expected a version: ${name}@<revision or tag>`);
  return ref;
}

/** A revision number from `@N`, or the revision a tag points at. */
async function revisionOf(client: EscClient, ref: EnvRef, version: string): Promise<number> {
  if (/^\d+$/.test(version)) return Number(version);
  return (await client.getRevisionTag(ref, version)).revision;
}

function describeRevision(r: EnvironmentRevision, utc: boolean): string {
  const tags = (r.tags ?? []).filter((t) => t !== "latest");
  let head = `revision ${r.number}`;
  if (r.retracted) head += " (retracted)";
  if (tags.length) head += ` (${tags.map((t) => `tag: ${t}`).join(", ")})`;
  let out = `${head}\nAuthor: ${formatPerson(r.creatorName, r.creatorLogin)}\nDate:   ${formatTime(r.created, utc)}\n`;
  if (r.retracted) {
    const by = formatPerson(r.retracted.byName, r.retracted.byLogin);
    out += `\n    Retracted by ${by} at ${formatTime(r.retracted.at, utc)} and replaced with revision ${r.retracted.replacement}.\n`;
    if (r.retracted.reason) out += `\n    ${r.retracted.reason}\n`;
  }
  return out + "\n";
}

const historyCommand: Command = {
  name: "history",
  summary: "Show revision history.",
  usage: "esc env version history [<org-name>/][<project-name>/]<environment-name>[@<version>] [flags]",
  flags: [UTC_FLAG],
  async run(args, ctx) {
    const ref = await resolveVersioned(ctx, args.positionals[0], false);
    const client = ctx.client();
    let before = ref.version ? (await revisionOf(client, ref, ref.version)) + 1 : 0;
    const utc = boolFlag(args, "utc");
    // Paged newest-first; `before` must fall every round, so a misbehaving server cannot loop us.
    for (;;) {
      const page = await client.listRevisions(ref, before, PAGE);
      if (page.length === 0) break;
      ctx.out(page.map((r) => describeRevision(r, utc)).join(""));
      const last = page[page.length - 1].number;
      if (last <= 1 || (before !== 0 && last >= before)) break;
      before = last;
    }
    return 0;
  },
};

const tagLsCommand: Command = {
  name: "ls",
  summary: "List tagged versions.",
  usage: "esc env version tag ls [<org-name>/][<project-name>/]<environment-name> [flags]",
  flags: [UTC_FLAG],
  async run(args, ctx) {
    const ref = await resolveVersioned(ctx, args.positionals[0], false);
    const tags = await ctx.client().listRevisionTags(ref);
    const utc = boolFlag(args, "utc");
    const rows = tags.map((t) => [t.name, String(t.revision), formatTime(t.modified, utc), formatPerson(t.editorName, t.editorLogin)]);
    ctx.out(renderTable(["NAME", "REVISION", "MODIFIED", "EDITOR"], rows, [false, true, false, false]));
    return 0;
  },
};

const tagRmCommand: Command = {
  name: "rm",
  summary: "Remove a tagged version.",
  usage: "esc env version tag rm [<org-name>/][<project-name>/]<environment-name>@<tag>",
  async run(args, ctx) {
    const ref = await resolveVersioned(ctx, args.positionals[0], true);
    if (/^\d+$/.test(ref.version as string)) throw new UsageError("expected a tag name, not a revision number");
    await ctx.client().deleteRevisionTag(ref, ref.version as string);
    return 0;
  },
};

const tagCommand: Command = {
  name: "tag",
  summary: "Manage tagged versions.",
  usage: "esc env version tag [<org-name>/][<project-name>/]<environment-name>@<tag> [@<version>]",
  description: "Point a tag at a revision (default: latest), creating the tag if needed.",
  flags: [UTC_FLAG],
  subcommands: [tagLsCommand, tagRmCommand],
  async run(args, ctx) {
    const [name, target] = args.positionals;
    const ref = await resolveVersioned(ctx, name, true);
    const tag = ref.version as string;
    if (/^\d+$/.test(tag)) throw new UsageError("tag names must not be numbers");
    if (tag === "latest") throw new UsageError("the latest tag is managed by the server");
    const client = ctx.client();
    const version = (target ?? "latest").replace(/^@/, "");
    await client.setRevisionTag(ref, tag, await revisionOf(client, ref, version));
    return 0;
  },
};

const rollbackCommand: Command = {
  name: "rollback",
  summary: "Roll back to a specific version.",
  usage: "esc env version rollback [<org-name>/][<project-name>/]<environment-name>@<version>",
  description: "Make the definition of the given revision the newest revision.",
  flags: [DRAFT_FLAG],
  async run(args, ctx) {
    rejectDraft(stringFlag(args, "draft"));
    const ref = await resolveVersioned(ctx, args.positionals[0], true);
    const client = ctx.client();
    const old = await client.getEnvironment(ref, ref.version);
    const current = await client.getEnvironment(ref);
    const diags = await client.updateEnvironment(ref, old.yaml, current.etag);
    if (diags.length) {
      ctx.err(formatDiagnostics(diags, args.positionals[0], true));
      throw new CliError("could not roll back: the old definition has errors");
    }
    return 0;
  },
};

const retractCommand: Command = {
  name: "retract",
  summary: "Retract a specific revision of an environment.",
  usage: "esc env version retract [<org-name>/][<project-name>/]<environment-name>@<version> [--replace-with <version>] [--reason <reason>]",
  description: "Mark a revision as retracted (for example because it leaked a secret); uses of it are redirected to the replacement (default: latest).",
  flags: [
    { name: "replace-with", type: "string", description: "the revision or tag that replaces it (default: latest)" },
    { name: "reason", type: "string", description: "why the revision is retracted" },
  ],
  async run(args, ctx) {
    const ref = await resolveVersioned(ctx, args.positionals[0], true);
    const client = ctx.client();
    const replaceWith = stringFlag(args, "replace-with")?.replace(/^[@:]/, "");
    const body: { replacement?: number; reason?: string } = {};
    if (replaceWith) body.replacement = await revisionOf(client, ref, replaceWith);
    const reason = stringFlag(args, "reason");
    if (reason) body.reason = reason;
    await client.retractRevision(ref, ref.version as string, body);
    return 0;
  },
};

export const versionCommand: Command = {
  name: "version",
  summary: "Manage versions",
  usage: "esc env version [<org-name>/][<project-name>/]<environment-name>@<version> [flags]",
  description: "Show a revision or tag, or manage versions with the subcommands.",
  flags: [UTC_FLAG],
  subcommands: [historyCommand, tagCommand, retractCommand, rollbackCommand],
  async run(args, ctx) {
    const ref = await resolveVersioned(ctx, args.positionals[0], true);
    const client = ctx.client();
    const version = ref.version as string;
    const utc = boolFlag(args, "utc");
    if (/^\d+$/.test(version)) {
      const [rev] = await client.listRevisions(ref, Number(version) + 1, 1);
      if (!rev || rev.number !== Number(version)) throw new CliError(`revision ${version} not found`);
      ctx.out(describeRevision(rev, utc));
      return 0;
    }
    const tag = await client.getRevisionTag(ref, version);
    ctx.out(`${tag.name}\nRevision ${tag.revision}\nLast updated at ${formatTime(tag.modified, utc)} by ${formatPerson(tag.editorName, tag.editorLogin)}\n`);
    return 0;
  },
};
