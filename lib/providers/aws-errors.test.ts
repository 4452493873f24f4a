// Each failure the AWS providers can meet becomes one actionable sentence without secrets.
import { describe, expect, it } from "vitest";
import {
  ExpiredTokenException,
  IDPCommunicationErrorException,
  InvalidIdentityTokenException,
  RegionDisabledException,
  STSServiceException,
} from "@aws-sdk/client-sts";
import { ResourceNotFoundException, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";
import { describeAwsError, redact } from "./aws-errors";
import { AwsDeadlineError, type AwsTarget } from "./aws-settings";

const sts: AwsTarget = { service: "STS", region: "us-east-1", timeoutMs: 10_000 };
const secrets: AwsTarget = { service: "SECRETS_MANAGER", region: "eu-west-1", timeoutMs: 10_000 };
const login = {
  target: sts,
  roleArn: "arn:aws:iam::123456789012:role/esc",
  issuer: "https://esc.example.com/oidc",
  aud: "aws:contoso",
  sub: "pulumi:environments:org:contoso:env:app/dev",
  duration: "12h",
};
const meta = { $metadata: { httpStatusCode: 400 } };
const stsError = (name: string, message: string) =>
  new STSServiceException({ name, $fault: "client", message, ...meta });

describe("describeAwsError", () => {
  it("trust policy refusal: names the role, the provider principal and the expected aud and sub", () => {
    expect(
      describeAwsError(
        stsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
        login,
      ),
    ).toBe(
      "AWS refused to let this environment assume role arn:aws:iam::123456789012:role/esc: the role does not exist or its trust policy does not allow this token. " +
        "The trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal arn:aws:iam::123456789012:oidc-provider/esc.example.com/oidc " +
        'with the conditions "esc.example.com/oidc:aud" = "aws:contoso" and "esc.example.com/oidc:sub" = "pulumi:environments:org:contoso:env:app/dev".',
    );
  });

  it("duration above the role's maximum", () => {
    const error = stsError(
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
    expect(describeAwsError(error, login)).toBe(
      'the requested duration 12h is longer than role arn:aws:iam::123456789012:role/esc allows; lower "duration" or raise the role\'s maximum session duration',
    );
  });

  it("token rejected: missing provider, wrong audience, unreachable keys, other reasons", () => {
    const invalid = (message: string) => new InvalidIdentityTokenException({ message, ...meta });
    expect(
      describeAwsError(
        invalid("No OpenIDConnect provider found in your account for https://esc.example.com/oidc"),
        login,
      ),
    ).toBe(
      'AWS account 123456789012 has no IAM OIDC identity provider for https://esc.example.com/oidc: create one with that provider URL and the audience "aws:contoso"',
    );
    expect(describeAwsError(invalid("Incorrect token audience"), login)).toBe(
      'the IAM OIDC identity provider for https://esc.example.com/oidc does not list the audience "aws:contoso": add it as an audience (client ID)',
    );
    expect(
      describeAwsError(invalid("Couldn't retrieve verification key from your identity provider"), login),
    ).toMatch(
      /could not fetch this service's signing keys from https:\/\/esc.example.com\/oidc\/.well-known\/jwks: ESC_PUBLIC_URL must be reachable/,
    );
    expect(describeAwsError(new IDPCommunicationErrorException({ message: "x", ...meta }), login)).toMatch(
      /could not reach this service's OIDC issuer/,
    );
    expect(describeAwsError(new ExpiredTokenException({ message: "Token expired", ...meta }), login)).toMatch(
      /identity token expired; check this server's clock/,
    );
  });

  it("region problems", () => {
    expect(describeAwsError(new RegionDisabledException({ message: "x", ...meta }), login)).toMatch(
      /STS is not activated in region "us-east-1"/,
    );
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND sts.mars-east-1.amazonaws.com"), {
      code: "ENOTFOUND",
    });
    expect(describeAwsError(dns, { target: { ...sts, region: "mars-east-1" } })).toBe(
      'cannot resolve the AWS STS endpoint for region "mars-east-1"; check the region name and the network',
    );
    const badCreds = new SecretsManagerServiceException({
      name: "UnrecognizedClientException",
      $fault: "client",
      message: "The security token included in the request is invalid.",
      ...meta,
    });
    expect(describeAwsError(badCreds, { target: secrets })).toMatch(
      /did not accept the credentials from "login": they are invalid or expired, or the region belongs to another partition/,
    );
    expect(
      describeAwsError(
        new ResourceNotFoundException({
          message: "Secrets Manager can't find the specified secret.",
          ...meta,
        }),
        { target: secrets, resource: 'secret "db"' },
      ),
    ).toBe('AWS Secrets Manager has no secret "db" in region "eu-west-1"; check the name and the region');
  });

  it("network unreachable and timeouts", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(describeAwsError(refused, { target: { ...sts, endpoint: "http://127.0.0.1:9" } })).toBe(
      "cannot reach AWS STS at http://127.0.0.1:9 (region us-east-1) (ECONNREFUSED); check the network, the region and AWS_ENDPOINT_URL",
    );
    expect(describeAwsError(new AwsDeadlineError(2500), { target: { ...sts, timeoutMs: 2500 } })).toBe(
      "AWS STS did not answer within 2500 ms at region us-east-1; check the network and the region, or raise ESC_AWS_TIMEOUT_MS",
    );
  });

  it("throttling that outlasted the retries", () => {
    expect(describeAwsError(stsError("Throttling", "Rate exceeded"), login)).toBe(
      "AWS STS kept throttling the requests after several retries; try again shortly",
    );
  });

  it("never quotes tokens or keys back, and has no stack trace", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const message = describeAwsError(
      stsError("SomethingNew", `bad token ${jwt} with key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`),
      login,
    );
    expect(message).toBe("AWS STS failed (HTTP 400): SomethingNew: bad token [token] with key [redacted]");
    expect(describeAwsError("weird", login)).toBe("AWS STS failed: Error: weird");
    expect(redact("word ".repeat(200))).toHaveLength(300);
  });
});
