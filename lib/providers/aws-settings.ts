// Where and how long we talk to AWS. Region and endpoints follow the AWS CLI/SDK settings
// (AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) so moto, LocalStack
// and other partitions work; every call has one overall deadline (ESC_AWS_TIMEOUT_MS, default
// 10 s) covering the SDK's retries, so an unreachable AWS never hangs an open.

type Env = Readonly<Record<string, string | undefined>>;

export type AwsService = "STS" | "SECRETS_MANAGER" | "SSM";

export const DEFAULT_AWS_TIMEOUT_MS = 10_000;
const DEFAULT_REGION = "us-east-1";
/** Throttling and transient failures are retried with the SDK's exponential backoff. */
const MAX_ATTEMPTS = 4;

export function awsTimeoutMsFromEnv(env: Env = process.env): number {
  const raw = env.ESC_AWS_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_AWS_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000) {
    throw new Error("ESC_AWS_TIMEOUT_MS must be a whole number of milliseconds between 1 and 600000");
  }
  return ms;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function resolveRegion(explicit: string | undefined, env: Env = process.env): string {
  const region = explicit ?? (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || DEFAULT_REGION);
  if (!REGION_PATTERN.test(region)) {
    throw new Error(
      `"${region.slice(0, 40)}" is not an AWS region name (expected something like us-east-1 or eu-west-2)`,
    );
  }
  return region;
}

export function resolveEndpoint(service: AwsService, env: Env = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`]?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
}

export interface AwsTarget {
  service: AwsService;
  region: string;
  endpoint?: string;
  timeoutMs: number;
}

export function awsTarget(
  service: AwsService,
  region: string | undefined,
  timeoutMs: number,
  env: Env = process.env,
): AwsTarget {
  return { service, region: resolveRegion(region, env), endpoint: resolveEndpoint(service, env), timeoutMs };
}

/** Constructor options shared by our SDK clients. */
export function clientOptions(target: AwsTarget) {
  return {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: "standard",
    requestHandler: { connectionTimeout: Math.min(target.timeoutMs, 5000), requestTimeout: target.timeoutMs },
  } as const;
}

/** The error we raise when the overall deadline passes. */
export class AwsDeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "AwsDeadlineError";
  }
}

/**
 * Runs one AWS call under the overall deadline and the caller's abort signal. The SDK gets the
 * combined signal; the race makes sure we return even if a retry backoff ignores it.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  run: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AwsDeadlineError(timeoutMs));
    }, timeoutMs);
  });
  let onAbort = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => {
      controller.abort();
      reject(Object.assign(new Error("cancelled"), { name: "AbortError" }));
    };
  });
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  try {
    return await Promise.race([run(controller.signal), deadline, cancelled]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
