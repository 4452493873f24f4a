// The `esc env` command group.
import type { Command } from "../command";
import { diffCommand } from "./env-diff";
import { editCommand } from "./env-edit";
import { getCommand } from "./env-get";
import { cloneCommand, initCommand } from "./env-init";
import { lsCommand } from "./env-ls";
import { rmCommand, setCommand } from "./env-set";
import { versionCommand } from "./env-version";
import { openCommand } from "./open";
import { runCommand } from "./run";

export const envCommand: Command = {
  name: "env",
  summary: "Manage environments",
  description: "Create, inspect, modify, and delete environments.",
  subcommands: [cloneCommand, diffCommand, editCommand, getCommand, initCommand, lsCommand, openCommand, rmCommand, runCommand, setCommand, versionCommand],
};
