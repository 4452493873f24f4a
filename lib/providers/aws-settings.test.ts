import { describe, expect, it } from "vitest";
import { awsTimeoutMsFromEnv, resolveEndpoint, resolveRegion, withDeadline } from "./aws-settings";
import { splitSelector } from "./aws-parameter-store";
import { sessionDurationSeconds } from "./aws-login";

describe("AWS settings", () => {
  it("takes the region from the input, then AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1", () => {
    expect(resolveRegion("eu-west-2", { AWS_REGION: "us-west-1" })).toBe("eu-west-2");
    expect(resolveRegion(undefined, { AWS_REGION: "us-west-1", AWS_DEFAULT_REGION: "ap-south-1" })).toBe(
      "us-west-1",
    );
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: "ap-south-1" })).toBe("ap-south-1");
    expect(resolveRegion(undefined, {})).toBe("us-east-1");
    expect(resolveRegion("us-gov-west-1", {})).toBe("us-gov-west-1");
    expect(() => resolveRegion("Frankfurt", {})).toThrow('"Frankfurt" is not an AWS region name');
  });

  it("prefers the service-specific endpoint", () => {
    expect(resolveEndpoint("STS", { AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_STS: "http://b" })).toBe(
      "http://b",
    );
    expect(resolveEndpoint("SSM", { AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_STS: "http://b" })).toBe(
      "http://a",
    );
    expect(resolveEndpoint("SECRETS_MANAGER", {})).toBeUndefined();
  });

  it("reads ESC_AWS_TIMEOUT_MS", () => {
    expect(awsTimeoutMsFromEnv({})).toBe(10_000);
    expect(awsTimeoutMsFromEnv({ ESC_AWS_TIMEOUT_MS: "2500" })).toBe(2500);
    expect(() => awsTimeoutMsFromEnv({ ESC_AWS_TIMEOUT_MS: "soon" })).toThrow(
      /ESC_AWS_TIMEOUT_MS must be a whole number/,
    );
  });

  it("ends a call that never settles at the deadline", async () => {
    const started = Date.now();
    await expect(withDeadline(200, undefined, () => new Promise(() => {}))).rejects.toThrow(
      "no answer within 200 ms",
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("parses durations and parameter selectors", () => {
    expect(sessionDurationSeconds("1h30m")).toBe(5400);
    expect(() => sessionDurationSeconds("10m")).toThrow('duration must be between 15m and 12h (got "10m")');
    expect(splitSelector("/app/url")).toEqual({ base: "/app/url" });
    expect(splitSelector("/app/url:3")).toEqual({ base: "/app/url", selector: "3" });
    expect(splitSelector("arn:aws:ssm:us-east-1:123456789012:parameter/app/url:stable")).toEqual({
      base: "arn:aws:ssm:us-east-1:123456789012:parameter/app/url",
      selector: "stable",
    });
  });
});
