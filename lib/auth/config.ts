// next-auth configuration: email + password (Credentials) with JWT sessions, the only session
// strategy Credentials supports. The handlers live under /auth (app/auth/[...nextauth]) so the
// REST API keeps /api to itself.
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyCredentials } from "@/lib/auth/users";
import { isSignInRateLimited, verifyWithinLimits } from "@/lib/rate-limit/sign-in";
import { auditSignIn } from "@/lib/audit/sign-in";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const authConfig = {
  basePath: "/auth",
  // Self-hosted behind whatever host name the operator picks: trust the Host header.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        let user;
        try {
          user = await verifyWithinLimits(email, request, () => verifyCredentials(email, password));
        } catch (error) {
          if (isSignInRateLimited(error)) await auditSignIn(request, email, { result: "denied" });
          throw error;
        }
        await auditSignIn(request, email, user ? { userId: user.id } : { result: "denied" });
        if (!user) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
