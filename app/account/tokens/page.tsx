import type { Metadata } from "next";
import { fullTime, timeAgo } from "@/components/format-time";
import { listAccessTokens } from "@/lib/auth/access-tokens";
import { requireUser } from "@/lib/auth/session";
import { CreateTokenForm } from "./CreateTokenForm";
import { RevokeTokenButton } from "./RevokeTokenButton";

export const metadata: Metadata = { title: "Access tokens" };

export default async function TokensPage() {
  const user = await requireUser("/account/tokens");
  const tokens = await listAccessTokens(user.id);
  const now = new Date();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Access tokens</h1>
          <p>
            Tokens let the <code>esc</code> CLI, the SDKs and scripts act as you. Send one as <code>Authorization: token …</code>.
          </p>
        </div>
      </div>
      <CreateTokenForm />
      <div className="card">
        {tokens.length === 0 ? (
          <div className="empty">
            <h2>No tokens yet</h2>
            <p>Create a token above to sign in with the CLI or call the API.</p>
          </div>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Description</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => {
                const expired = t.expiresAt !== null && t.expiresAt <= now;
                const inactive = t.revokedAt !== null || expired;
                return (
                  <tr key={t.id} className={inactive ? "faint" : undefined}>
                    <td>
                      <span className="env-name">{t.description || "Untitled token"}</span>{" "}
                      {t.revokedAt ? <span className="badge">Revoked</span> : expired ? <span className="badge">Expired</span> : null}
                    </td>
                    <td title={fullTime(t.createdAt)}>{timeAgo(t.createdAt, now)}</td>
                    <td title={t.lastUsedAt ? fullTime(t.lastUsedAt) : undefined}>{t.lastUsedAt ? timeAgo(t.lastUsedAt, now) : <span className="muted">Never</span>}</td>
                    <td title={t.expiresAt ? fullTime(t.expiresAt) : undefined}>{t.expiresAt ? timeAgo(t.expiresAt, now) : <span className="muted">Never</span>}</td>
                    <td style={{ textAlign: "right" }}>{t.revokedAt ? null : <RevokeTokenButton id={t.id} description={t.description} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
