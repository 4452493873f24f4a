// `esc env run [-i] NAME [--] COMMAND ARGS…`: open the environment, give the child its variables
// and files, mask secrets in its output, forward signals, and exit with the child's status.
import { spawn } from "node:child_process";
import { once } from "node:events";
import os from "node:os";
import type { Readable, Writable } from "node:stream";
import { boolFlag, stringFlag, UsageError } from "../args";
import type { Command } from "../command";
import { CliError, type Context } from "../context";
import { SecretMasker } from "../mask";
import { DRAFT_FLAG, LIFETIME_FLAG, openByName } from "../open";
import { TempFiles } from "../temp-files";
import { project } from "@/lib/esc/projection";
import { collectSecrets, interpolateArg } from "../values";
import type { Value } from "../types";

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export const runCommand: Command = {
  name: "run",
  summary: "Open the environment with the given name and run a command.",
  usage: "esc env run [<org-name>/][<project-name>/]<environment-name>[@<version>] [flags] [--] <command> [args...]",
  description: `Open the environment with the given name and run a command.

The environment's environmentVariables are set in the command's environment and each of its files
is written to a private temporary file whose path is put in the named variable; the files are
removed when the command ends. Arguments may reference properties as \${path}. Secrets of three
or more characters are replaced with [secret] in the command's output unless -i is given.
The command's exit status becomes esc's exit status (128+N when it is killed by signal N).`,
  flags: [{ name: "interactive", short: "i", type: "bool", description: "run the command without filtering its output (needed for interactive programs)" }, LIFETIME_FLAG, DRAFT_FLAG],
  // Flags may follow the environment name (`run env -i -- cmd`), but not the command.
  parseOptions: { stopAfterPositionals: 2 },
  async run(args, ctx) {
    const [name, ...commandHead] = args.positionals;
    if (!name) throw new UsageError("no environment specified");
    const argv = [...commandHead, ...args.rest];
    if (argv.length === 0) throw new UsageError("no command specified");
    const { env } = await openByName(ctx, name, stringFlag(args, "lifetime"), stringFlag(args, "draft"));
    return runInEnvironment(ctx, env.properties ?? {}, argv, boolFlag(args, "interactive"));
  },
};

export async function runInEnvironment(ctx: Context, properties: Record<string, Value>, argv: string[], interactive: boolean): Promise<number> {
  const secrets = collectSecrets({ value: properties, trace: { def: { begin: zero, end: zero } } });
  const [command, ...commandArgs] = argv.map((a) => interpolateArg(a, properties, secrets));
  const projection = project(properties);
  const childEnv: NodeJS.ProcessEnv = { ...ctx.io.env };
  for (const v of projection.variables) setVar(ctx, childEnv, v.name, v.text);

  const files = new TempFiles();
  try {
    for (const f of projection.files) setVar(ctx, childEnv, f.name, files.write(f.text));
    return await spawnChild(ctx, command, commandArgs, childEnv, interactive ? undefined : [...secrets]);
  } finally {
    files.remove();
  }
}

const zero = { line: 0, column: 0, byte: 0 };

function setVar(ctx: Context, env: NodeJS.ProcessEnv, name: string, value: string): void {
  if (!name || name.includes("=") || name.includes("\0") || value.includes("\0")) {
    ctx.warn(`warning: skipping environment variable ${JSON.stringify(name)}: names must not be empty or contain "=", and values must not contain NUL`);
    return;
  }
  env[name] = value;
}

async function spawnChild(ctx: Context, command: string, args: string[], env: NodeJS.ProcessEnv, secrets: string[] | undefined): Promise<number> {
  // Without secrets there is nothing to mask: the child writes to our stdout/stderr directly.
  const masked = secrets !== undefined && new SecretMasker(secrets).active;
  const child = spawn(command, args, {
    env,
    cwd: ctx.io.cwd,
    stdio: [inheritOrPipe(ctx.io.stdin), masked ? "pipe" : inheritOrPipe(ctx.io.stdout), masked ? "pipe" : inheritOrPipe(ctx.io.stderr)],
  });
  const forward = (sig: NodeJS.Signals) => {
    // The terminal may already have signalled the child's process group; forwarding is still
    // needed when only esc was signalled (kill <pid>, a supervisor, a CI runner).
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  for (const sig of FORWARDED_SIGNALS) process.on(sig, forward);
  // Our reader went away (`esc run … | head`): give the child the SIGPIPE a shell pipeline would.
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" && child.exitCode === null && child.signalCode === null) child.kill("SIGPIPE");
  };
  const pumps: Promise<unknown>[] = [];
  if (masked) {
    ctx.io.stdout.on("error", onOutputError);
    ctx.io.stderr.on("error", onOutputError);
    pumps.push(pump(child.stdout as Readable, ctx.io.stdout, new SecretMasker(secrets as string[])));
    pumps.push(pump(child.stderr as Readable, ctx.io.stderr, new SecretMasker(secrets as string[])));
  }
  if (child.stdin && ctx.io.stdin !== process.stdin) ctx.io.stdin.pipe(child.stdin);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c, s) => resolve([c, s]));
    });
    await Promise.all(pumps);
    if (signal) return 128 + (os.constants.signals[signal] ?? 0);
    return code ?? 1;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT") throw new CliError(`command not found: ${command}`, 127);
    if (e.code === "EACCES") throw new CliError(`permission denied: ${command}`, 126);
    throw new CliError(`could not run ${command}: ${e.code ?? e.message}`);
  } finally {
    for (const sig of FORWARDED_SIGNALS) process.removeListener(sig, forward);
    ctx.io.stdout.removeListener("error", onOutputError);
    ctx.io.stderr.removeListener("error", onOutputError);
  }
}

// Real process streams are handed to the child as file descriptors (stdin pass-through, TTYs
// stay TTYs); in-process callers (tests) get pipes.
function inheritOrPipe(stream: unknown): "inherit" | "pipe" {
  return stream === process.stdin || stream === process.stdout || stream === process.stderr ? "inherit" : "pipe";
}

async function pump(from: Readable, to: Writable, masker: SecretMasker): Promise<void> {
  try {
    for await (const chunk of from) {
      if (to.destroyed) continue; // the reader is gone: discard, the child gets SIGPIPE
      const out = masker.push(chunk as Buffer);
      if (out.length && !to.write(out)) await Promise.race([once(to, "drain"), once(to, "close")]);
    }
    const rest = masker.flush();
    if (rest.length && !to.destroyed) to.write(rest);
  } catch {
    // A broken output stream: the child's exit status tells the story.
  }
}
