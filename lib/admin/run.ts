// `npm run admin -- …`: headless administration (create users, organizations, memberships and
// access tokens) for servers without a browser at hand and for scripted setups.
// Returns the exit code: 0 success, 1 failure, 2 usage error. Messages go to stderr, so the only
// thing `token create` writes to stdout is the token.
import { help, type HelpTopic } from "./help";
import { parseFlags, requireFlag, UsageError, type FlagSpec, type ParsedFlags } from "./args";
import { adminCommands } from "./commands";
import { parseExpiresIn } from "./expires-in";

export interface AdminIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Runs before any command touches the database (applies migrations). */
  prepare: () => Promise<void>;
}

const specs: Record<string, FlagSpec> = {
  "user create": { values: ["email", "name", "password"], booleans: ["password-stdin"] },
  "org create": { values: ["name", "owner"] },
  "org add-member": { values: ["org", "email", "role"] },
  "token create": { values: ["email", "description", "expires-in"] },
};

export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  const [group, action] = argv;
  const helpRequested = argv.includes("--help") || argv.includes("-h");
  if (!group || group === "help" || (helpRequested && !(group in help))) {
    (group ? io.stdout : io.stderr)(help.root + "\n");
    return group ? 0 : 2;
  }
  const name = `${group} ${action ?? ""}`.trim();
  const spec = specs[name];
  if (!spec) {
    if (group in help && (!action || action.startsWith("-"))) {
      (helpRequested ? io.stdout : io.stderr)(help[group as HelpTopic] + "\n");
      return helpRequested ? 0 : 2;
    }
    io.stderr(`error: unknown command "${name}"\n\n${help.root}\n`);
    return 2;
  }
  let flags: ParsedFlags;
  try {
    flags = parseFlags(argv.slice(2), spec);
    if (flags.booleans.has("help")) {
      io.stdout(help[name as HelpTopic] + "\n");
      return 0;
    }
    if (flags.positionals.length > 0) throw new UsageError(`unexpected argument "${flags.positionals[0]}"`);
  } catch (err) {
    io.stderr(`error: ${(err as Error).message}\n\n${help[name as HelpTopic]}\n`);
    return 2;
  }
  try {
    const input = await collectInput(name, flags, io);
    await io.prepare();
    await adminCommands[name as keyof typeof adminCommands](input, io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n\n${help[name as HelpTopic]}\n`);
      return 2;
    }
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** Validates the flags each command needs before anything touches the database. */
async function collectInput(name: string, flags: ParsedFlags, io: AdminIo): Promise<Record<string, string | undefined>> {
  const v = flags.values;
  switch (name) {
    case "user create": {
      const fromStdin = flags.booleans.has("password-stdin");
      if (fromStdin === (v.password !== undefined)) throw new UsageError("give exactly one of --password and --password-stdin");
      const password = fromStdin ? (await io.readStdin()).split(/\r?\n/)[0] : v.password;
      if (!password) throw new UsageError("the password is empty");
      return { email: requireFlag(flags, "email"), name: requireFlag(flags, "name"), password };
    }
    case "org create":
      return { name: requireFlag(flags, "name"), owner: requireFlag(flags, "owner") };
    case "org add-member": {
      const role = requireFlag(flags, "role");
      if (role !== "admin" && role !== "member") throw new UsageError(`--role must be admin or member, not "${role}"`);
      return { org: requireFlag(flags, "org"), email: requireFlag(flags, "email"), role };
    }
    case "token create":
      if (v["expires-in"] !== undefined) {
        try {
          parseExpiresIn(v["expires-in"]);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      }
      return { email: requireFlag(flags, "email"), description: v.description, expiresIn: v["expires-in"] };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}
