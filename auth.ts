// The one next-auth instance of the console: `auth()` reads the session in server components
// and actions; `signIn`/`signOut` are called from server actions in lib/actions.
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
