// AWS for the browser tests: a private moto_server and, in front of its STS, the AWS-like gate
// (lib/providers/testing/sts-gate.ts) that checks AssumeRoleWithWebIdentity as AWS does (moto
// checks nothing). The server under test is pointed at them by environment variables; specs
// set up IAM in moto through E2E_MOTO_ENDPOINT. Without moto_server on the PATH there is no AWS
// and the specs that need it skip.
import { spawnSync } from "node:child_process";
import { startMoto } from "../lib/providers/testing/moto";
import { startStsGate } from "../lib/providers/testing/sts-gate";

export interface E2eAws {
  motoEndpoint: string;
  /** For the server: AWS through moto, STS through the gate. */
  serverEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startAws(): Promise<E2eAws | null> {
  if (spawnSync("sh", ["-c", "command -v moto_server"]).status !== 0) return null;
  const moto = await startMoto();
  const gate = await startStsGate(moto.endpoint).catch(async (error) => {
    await moto.stop();
    throw error;
  });
  return {
    motoEndpoint: moto.endpoint,
    serverEnv: {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_STS: gate.endpoint,
      AWS_REGION: "us-east-1",
    },
    async stop() {
      await gate.close();
      await moto.stop();
    },
  };
}
