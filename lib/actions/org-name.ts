import { z } from "zod";
import { validateOrgName } from "@/lib/environments/names";
import { sentence } from "@/lib/actions/sentence";

// The console's own top-level routes: an organization named like one would be shadowed by it.
const RESERVED = new Set(["account", "api", "auth", "signin", "signup", "signout", "oidc", "cli-login", "settings", "_next", "favicon.ico", "icon.svg"]);

/** ESC's organization-name rule (lib/environments/names.ts) plus the reserved route names. */
export const orgNameSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    try {
      validateOrgName(name);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: sentence(err instanceof Error ? err.message : "Invalid organization name.") });
      return;
    }
    if (RESERVED.has(name.toLowerCase())) ctx.addIssue({ code: "custom", message: "This name is reserved. Choose another." });
  });
