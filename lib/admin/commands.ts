// What each admin command does, over the same functions the console uses (so the same rules and
// messages apply). There is no signed-in actor here: the operator has shell access to the
// database, so membership changes act as one of the organization's admins.
import { createAccessToken } from "@/lib/auth/access-tokens";
import { createUser, normalizeEmail } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { addMember } from "@/lib/orgs/add-member";
import { createOrganization } from "@/lib/orgs/create-organization";
import type { OrgRole } from "@/lib/orgs/roles";
import { parseExpiresIn } from "./expires-in";

type Input = Record<string, string | undefined>;
interface Out {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

async function userIdByEmail(email: string): Promise<string> {
  const user = await getDb().user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!user) throw new Error(`no user with email ${email.slice(0, 254)} (create one with: npm run admin -- user create)`);
  return user.id;
}

export const adminCommands = {
  async "user create"(input: Input, out: Out) {
    const user = await createUser({ email: input.email!, password: input.password!, name: input.name });
    out.stdout(`created user ${user.email} (login ${user.login})\n`);
  },

  async "org create"(input: Input, out: Out) {
    const org = await createOrganization(await userIdByEmail(input.owner!), input.name!);
    out.stdout(`created organization ${org.name} with admin ${input.owner}\n`);
  },

  async "org add-member"(input: Input, out: Out) {
    const db = getDb();
    const admin = await db.membership.findFirst({
      where: { role: "admin", org: { name: input.org! } },
      orderBy: { createdAt: "asc" },
      select: { userId: true },
    });
    if (!admin) throw new Error(`no organization named ${input.org!.slice(0, 100)}`);
    await addMember(admin.userId, input.org!, input.email!, input.role as OrgRole);
    out.stdout(`added ${input.email} to ${input.org} as ${input.role}\n`);
  },

  async "token create"(input: Input, out: Out) {
    const expiresAt = input.expiresIn ? new Date(Date.now() + parseExpiresIn(input.expiresIn)) : null;
    const { token } = await createAccessToken(await userIdByEmail(input.email!), { description: input.description ?? "created with npm run admin", expiresAt });
    // Only the token on stdout, so `TOKEN=$(npm run -s admin -- token create …)` captures it.
    out.stdout(`${token}\n`);
  },
};
