// aws-login against AWS endpoints that misbehave on real loopback sockets: a closed port, a
// server that never answers, and an STS that throttles before answering.
import { afterEach, describe, expect, it } from "vitest";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { ProviderCall } from "@/lib/esc/contract";
import { memorySigningKeys } from "@/lib/oidc/testing";
import { oidcTokenMinter } from "@/lib/oidc/token-minter";
import { createProviderRegistry } from "./registry";
import { freePort } from "./testing/moto";

const keys = memorySigningKeys();
const call: ProviderCall = {
  currentEnvironment: "app/dev",
  rootEnvironment: "app/dev",
  executionContext: {},
};
const inputs = { oidc: { roleArn: "arn:aws:iam::123456789012:role/esc", sessionName: "esc-session" } };

function openLogin(timeoutMs: number, signal?: AbortSignal) {
  const mintToken = oidcTokenMinter(
    { org: "contoso", userLogin: "alice" },
    { keys, issuer: "https://esc.example.com/oidc" },
  );
  return createProviderRegistry({ mintToken, awsTimeoutMs: timeoutMs })
    .provider("aws-login")!
    .open(inputs, { ...call, signal });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  delete process.env.AWS_ENDPOINT_URL_STS;
});

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TCP server that accepts connections and never answers. */
async function blackHole(): Promise<string> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => sockets.push(socket));
  cleanups.push(() => {
    sockets.forEach((s) => s.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return listen(server);
}

const throttled = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
const success = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAFAKE</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-session</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`;

function fakeSts(throttleTimes: number): { server: Server; requests: () => number } {
  let count = 0;
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count++;
      const body = count <= throttleTimes ? throttled : success;
      res.writeHead(count <= throttleTimes ? 400 : 200, { "content-type": "text/xml" });
      res.end(body);
    });
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { server, requests: () => count };
}

describe("aws-login when AWS misbehaves", () => {
  it("fails fast with one message when the endpoint port is closed", async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    process.env.AWS_ENDPOINT_URL_STS = endpoint;
    const started = Date.now();
    await expect(openLogin(10_000)).rejects.toThrow(
      `cannot reach AWS STS at ${endpoint} (region us-east-1) (ECONNREFUSED); check the network, the region and AWS_ENDPOINT_URL`,
    );
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it("gives up at the deadline when the endpoint never answers", async () => {
    process.env.AWS_ENDPOINT_URL_STS = await blackHole();
    const started = Date.now();
    await expect(openLogin(1_500)).rejects.toThrow(
      /^AWS STS did not answer within 1500 ms at http:\/\/127.0.0.1:\d+ \(region us-east-1\); check the network/,
    );
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("stops waiting when the caller aborts", async () => {
    process.env.AWS_ENDPOINT_URL_STS = await blackHole();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(openLogin(30_000, controller.signal)).rejects.toThrow(
      "the request to AWS STS was cancelled",
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("retries throttled requests with backoff and then succeeds", async () => {
    const sts = fakeSts(2);
    process.env.AWS_ENDPOINT_URL_STS = await listen(sts.server);
    const value = await openLogin(15_000);
    expect(sts.requests()).toBe(3);
    const creds = value.value as Record<string, { value?: unknown; secret?: boolean }>;
    expect(creds.accessKeyId.value).toBe("ASIAFAKE");
    expect(creds.sessionToken).toMatchObject({ value: "fake-session", secret: true });
    expect(creds.expiration.value).toBe("2030-01-01T00:00:00.000Z");
  });

  it("reports throttling that outlasts the retries", async () => {
    const sts = fakeSts(1_000);
    process.env.AWS_ENDPOINT_URL_STS = await listen(sts.server);
    await expect(openLogin(15_000)).rejects.toThrow(
      "AWS STS kept throttling the requests after several retries; try again shortly",
    );
    expect(sts.requests()).toBe(4);
  });

  /** An STS that answers with `status` and `body` (or starts a body and never ends it). */
  async function oddSts(status: number, body: string | null, contentType = "text/html"): Promise<string> {
    const sockets = new Set<import("node:net").Socket>();
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(status, { "content-type": contentType });
        if (body === null) res.write("<AssumeRoleWithWebIdentityResponse><AssumeRole");
        else res.end(body);
      });
    });
    server.on("connection", (s) => sockets.add(s));
    cleanups.push(() => {
      sockets.forEach((s) => s.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return listen(server);
  }

  const oneLine = (message: string) => {
    expect(message).not.toContain("\n");
    expect(message).not.toMatch(/\bat .+:\d+:\d+/);
    expect(message.length).toBeLessThan(400);
  };

  it("reports garbage from STS (an HTML page, truncated XML, a 5xx page) as one clear line, in time", async () => {
    for (const [status, body, type] of [
      [200, "<html><body>Proxy login required</body></html>", "text/html"],
      [200, "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>", "text/xml"],
      [200, "\u0000\u0001 not xml at all", "application/octet-stream"],
      [502, "<html>Bad Gateway</html>", "text/html"],
      [503, "", "text/plain"],
    ] as const) {
      process.env.AWS_ENDPOINT_URL_STS = await oddSts(status, body, type);
      const started = Date.now();
      const error = await openLogin(3_000).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `${status} ${body}`).toBeInstanceOf(Error);
      oneLine((error as Error).message);
      expect((error as Error).message).toMatch(
        status === 200
          ? /^AWS STS (sent an answer that is not a valid AWS response \(HTTP 200\) at http:\/\/127\.0\.0\.1:\d+|answered without credentials)/
          : /^AWS STS is unavailable \(HTTP 50[23]\) at http:\/\/127\.0\.0\.1:\d+ \(region us-east-1\); try again shortly/,
      );
      expect((error as Error).message).not.toContain("fake-secret");
      // 5xx answers are retried, all within the configured limit.
      expect(Date.now() - started).toBeLessThan(12_000);
    }
  });

  it("gives up at the deadline when STS starts an answer and never finishes it", async () => {
    process.env.AWS_ENDPOINT_URL_STS = await oddSts(200, null, "text/xml");
    const started = Date.now();
    const error = await openLogin(1_500).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    oneLine((error as Error).message);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a token that cannot be minted in one line, without calling AWS", async () => {
    const mintToken = async () => {
      throw new Error(
        "the master key does not match the one this database was encrypted with\n    at stack frame",
      );
    };
    const open = createProviderRegistry({ mintToken, awsTimeoutMs: 1000 })
      .provider("aws-login")!
      .open(inputs, call);
    await expect(open).rejects.toThrow(
      /^cannot mint the OIDC token for AWS: the master key does not match the one this database was encrypted with$/,
    );
  });
});
