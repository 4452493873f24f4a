// What each environment permission allows, shown where admins choose one.
import type { EnvironmentPermission } from "@/lib/orgs/permissions";

export const PERMISSION_HELP: Record<EnvironmentPermission, string> = {
  none: "The environment is invisible: not listed, and opening its page says not found.",
  read: "See the definition with secrets as ciphertext, revisions and tags; check it (secrets masked).",
  open: "Read, plus open the environment and see secret values (decrypt, reveal, esc env open/run).",
  write: "Open, plus save new revisions, tag and roll back, and create environments.",
  admin: "Write, plus delete, deletion protection and managing who has access to the environment.",
};

export function PermissionLevels() {
  return (
    <dl className="perm-levels">
      {(Object.keys(PERMISSION_HELP) as EnvironmentPermission[]).map((level) => (
        <div key={level} style={{ display: "contents" }}>
          <dt>{level}</dt>
          <dd>{PERMISSION_HELP[level]}</dd>
        </div>
      ))}
    </dl>
  );
}
