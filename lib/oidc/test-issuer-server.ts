// Test support: serves the issuer's discovery document and JWKS on a loopback port through the
// same handler functions the Next.js routes use, so verifiers can fetch them over real HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { discoveryResponse, jwksResponse } from "./handlers";
import { JWKS_PATH } from "./discovery";
import type { SigningKeys } from "./signing-keys";

export interface TestIssuerServer {
  issuer: string;
  close(): Promise<void>;
}

export async function startTestIssuerServer(keys: SigningKeys): Promise<TestIssuerServer> {
  let issuer = "";
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    let response: Response;
    if (path === "/oidc/.well-known/openid-configuration") response = discoveryResponse(issuer);
    else if (path === `/oidc${JWKS_PATH}`) response = await jwksResponse(() => keys);
    else response = new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc`;
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
