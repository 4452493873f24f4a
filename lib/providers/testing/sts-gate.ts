// Test support: an STS endpoint that checks AssumeRoleWithWebIdentity the way AWS does before
// handing the call to moto (which checks nothing). It reads the role and the IAM OIDC providers
// from moto's IAM, verifies the token with verifyLikeAws, enforces the role's maximum session
// duration, and answers refusals with AWS's error codes, so the providers' error translation is
// exercised end to end. Every other request is forwarded to moto unchanged.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
} from "@aws-sdk/client-iam";
import { decodeJwt } from "jose";
import { AwsLikeRejection, verifyLikeAws } from "@/lib/oidc/verify-like-aws";

export interface StsGate {
  endpoint: string;
  close(): Promise<void>;
}

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const stripScheme = (url: string) => url.replace(/^https?:\/\//, "");

async function check(iam: IAMClient, params: URLSearchParams): Promise<void> {
  const roleArn = params.get("RoleArn") ?? "";
  const token = params.get("WebIdentityToken") ?? "";
  const denied = new StsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
  const role = await iam
    .send(new GetRoleCommand({ RoleName: roleArn.split("/").pop() }))
    .catch(() => undefined);
  if (!role?.Role || role.Role.Arn !== roleArn) throw denied;

  let issuer = "";
  try {
    issuer = String(decodeJwt(token).iss ?? "");
  } catch {
    throw new StsError(400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT.");
  }
  const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
  let provider: { url: string; clientIds: string[] } | undefined;
  for (const entry of listed.OpenIDConnectProviderList ?? []) {
    const p = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: entry.Arn }));
    if (p.Url && stripScheme(p.Url) === stripScheme(issuer))
      provider = { url: p.Url, clientIds: p.ClientIDList ?? [] };
  }
  if (!provider)
    throw new StsError(
      400,
      "InvalidIdentityToken",
      `No OpenIDConnect provider found in your account for ${issuer}`,
    );
  try {
    await verifyLikeAws(token, { provider, trustPolicy: role.Role.AssumeRolePolicyDocument ?? "{}" });
  } catch (error) {
    if (!(error instanceof AwsLikeRejection)) throw error;
    if (error.code === "AccessDenied") throw denied;
    throw new StsError(400, error.code, error.message.replace(/^\w+: /, ""));
  }
  const duration = Number(params.get("DurationSeconds") ?? "3600");
  if (duration > (role.Role.MaxSessionDuration ?? 3600)) {
    throw new StsError(
      400,
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
  }
}

export async function startStsGate(motoEndpoint: string): Promise<StsGate> {
  const iam = new IAMClient({
    region: "us-east-1",
    endpoint: motoEndpoint,
    credentials: { accessKeyId: "gate", secretAccessKey: "gate" },
  });
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const params = new URLSearchParams(body.toString("utf8"));
    try {
      if (params.get("Action") === "AssumeRoleWithWebIdentity") await check(iam, params);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host")) as Record<
        string,
        string
      >;
      const forwarded = await fetch(`${motoEndpoint}${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: body.length ? new Uint8Array(body) : undefined,
      });
      res.writeHead(forwarded.status, {
        "content-type": forwarded.headers.get("content-type") ?? "text/xml",
      });
      res.end(Buffer.from(await forwarded.arrayBuffer()));
    } catch (error) {
      const e = error instanceof StsError ? error : new StsError(500, "InternalFailure", String(error));
      res.writeHead(e.status, { "content-type": "text/xml" });
      res.end(
        `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${e.code}</Code>` +
          `<Message>${xmlEscape(e.message)}</Message></Error><RequestId>gate</RequestId></ErrorResponse>`,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        iam.destroy();
        server.close(() => resolve());
      }),
  };
}
