// Help texts of `npm run admin -- …`, one per command, printed by --help and on usage errors.

export const help = {
  root: `Usage: npm run admin -- <command> [flags]

Headless administration of this server's database (migrations are applied first).

Commands:
  user create       Create a user
  org create        Create an organization with an owner (admin)
  org add-member    Add an existing user to an organization
  token create      Create an access token for a user (prints only the token)

Run "npm run admin -- <command> --help" for a command's flags.
The database is DATABASE_URL (default file:./data/esc.db).`,

  user: `Usage: npm run admin -- user create --email E --name N (--password P | --password-stdin)`,

  "user create": `Usage: npm run admin -- user create --email E --name N (--password P | --password-stdin)

Creates a user who can sign in to the console.

Flags:
  --email E           Email address (unique)
  --name N            Display name
  --password P        Password (visible in the process list: prefer --password-stdin)
  --password-stdin    Read the password from standard input (first line)`,

  org: `Usage: npm run admin -- org (create | add-member) [flags]`,

  "org create": `Usage: npm run admin -- org create --name O --owner EMAIL

Creates an organization; the owner becomes its admin.

Flags:
  --name O        Organization name (letters, digits, - and _; 3 to 40 characters)
  --owner EMAIL   Email of an existing user`,

  "org add-member": `Usage: npm run admin -- org add-member --org O --email E --role admin|member

Adds an existing user to an organization.

Flags:
  --org O           Organization name
  --email E         Email of an existing user
  --role ROLE       admin or member`,

  token: `Usage: npm run admin -- token create --email E [--description D] [--expires-in 30d]`,

  "token create": `Usage: npm run admin -- token create --email E [--description D] [--expires-in 30d]

Creates an access token for the CLI, the SDKs and the REST API. Only the token is printed on
standard output, so TOKEN=$(npm run -s admin -- token create --email E) works.

Flags:
  --email E          Email of an existing user
  --description D    What the token is for (shown in the console)
  --expires-in T     Lifetime such as 30d, 12h, 2w or 1y (default: no expiry)`,
} as const;

export type HelpTopic = keyof typeof help;
