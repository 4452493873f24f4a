// `/cli-login?port=P&nonce=N`: the approval page `esc login` opens in the browser. The user signs
// in (and comes back here), sees who is approving and which loopback port gets the token, and
// approves or cancels. See docs/cli.md, "Browser login contract".
import { Brand } from "@/components/Brand";
import { requireUser } from "@/lib/auth/session";
import { ApproveCliLogin } from "./ApproveCliLogin";
import { cliLoginPath, parseCliLoginRequest } from "./request";

export const metadata = { title: "Authorize the esc CLI" };

type Query = { port?: string | string[]; nonce?: string | string[] };

export default async function CliLoginPage({ searchParams }: { searchParams: Promise<Query> }) {
  const { port, nonce } = await searchParams;
  const req = parseCliLoginRequest(port, nonce);
  if ("error" in req) {
    return (
      <Card title="Invalid login link">
        <div className="alert alert-error" role="alert">
          {req.error}
        </div>
        <p className="muted">
          Run <code className="mono">esc login</code> again and use the link it opens.
        </p>
      </Card>
    );
  }
  const user = await requireUser(cliLoginPath(req));
  return (
    <Card title="Authorize the esc CLI on this computer?">
      <p>
        Signed in as <strong>{user.email}</strong>. Approving creates an access token for your account and
        gives it to the <code className="mono">esc</code> command waiting on{" "}
        <code className="mono">127.0.0.1:{req.port}</code>.
      </p>
      <p className="muted">
        Only approve if you just ran <code className="mono">esc login</code> yourself.
      </p>
      <ApproveCliLogin port={req.port} nonce={req.nonce} />
    </Card>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <header>
          <Brand />
          <h1 style={{ marginTop: 16 }}>{title}</h1>
        </header>
        {children}
      </div>
    </main>
  );
}
