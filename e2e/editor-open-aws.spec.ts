// Open against AWS for real (moto behind the AWS-like STS gate that e2e/aws.ts starts): the
// console's Open mints this server's OIDC token, trades it at STS for temporary credentials and
// shows them with the secrets masked, a progress indicator while it runs; a role that cannot be
// assumed comes back as a diagnostic that says what to fix.
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import type { Page, TestInfo } from "@playwright/test";
import { createEnvironment, expect, newAccount, replaceEditorText, signUp, test } from "./fixtures";

const ACCOUNT = "123456789012"; // moto's
const definition = (roleArn: string) => `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          duration: 1h
          roleArn: ${roleArn}
          sessionName: esc-console
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
    AWS_PAIR: \${aws.login.accessKeyId}:\${aws.login.secretAccessKey}
`;

/** Sets the page up to remember whether the Open progress indicator was ever shown. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { sawOpenProgress?: boolean };
    w.sawOpenProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="open-progress"]')) w.sawOpenProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

test("Open trades the OIDC token at STS (moto) and shows the credentials masked; a bad role is a diagnostic with its fix", async ({
  page,
  baseURL,
}, testInfo) => {
  const moto = process.env.E2E_MOTO_ENDPOINT;
  test.skip(!moto, "moto_server is not installed: no AWS to open against");
  const account = newAccount("aws");
  const issuer = `${baseURL}/oidc`;
  const prefix = issuer.replace(/^https?:\/\//, "");

  // The AWS side, as docs/aws.md has the administrator do it: the OIDC provider and a role
  // whose trust policy admits this organization's environments in the `aws` project.
  const iam = new IAMClient({
    region: "us-east-1",
    endpoint: moto,
    credentials: { accessKeyId: "AKIAADMINEXAMPLE", secretAccessKey: "admin-secret" },
  });
  try {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [`aws:${account.org}`] }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: `esc-${account.org}`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${prefix}` },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: { [`${prefix}:aud`]: `aws:${account.org}` },
                StringLike: { [`${prefix}:sub`]: `pulumi:environments:org:${account.org}:env:aws/*` },
              },
            },
          ],
        }),
      }),
    );
  } finally {
    iam.destroy();
  }

  await signUp(page, account);
  await createEnvironment(page, account.org, "dev", "aws");
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/esc-${account.org}`;
  await replaceEditorText(page, definition(roleArn));
  const preview = page.getByTestId("preview");
  await expect(preview).toContainText("unknown until opened");

  await watchProgress(page);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByTestId("opened-note")).toBeVisible({ timeout: 60_000 });
  expect(
    await page.evaluate(() => (window as unknown as { sawOpenProgress?: boolean }).sawOpenProgress),
  ).toBe(true);
  await expect(page.getByTestId("diagnostics")).toHaveCount(0);

  // STS's temporary credentials: the key id shown, the secret and the session token masked.
  await page.getByRole("tab", { name: /^Environment variables/ }).click();
  const vars = page.getByTestId("env-vars");
  await expect(vars.getByRole("row", { name: /AWS_ACCESS_KEY_ID/ })).toContainText(/[A-Z0-9]{16,}/);
  await expect(vars.getByRole("row", { name: /AWS_SECRET_ACCESS_KEY/ })).toContainText("secret");
  await expect(vars.getByRole("button", { name: "Reveal AWS_SECRET_ACCESS_KEY", exact: true })).toBeVisible();
  await expect(vars.getByRole("button", { name: "Reveal AWS_SESSION_TOKEN", exact: true })).toBeVisible();
  await shot(page, testInfo, "open-aws-light");

  // Revealing sends just that value, the one this Open got from STS (each call to STS hands out
  // new credentials, so a reveal that opened again would show a key that does not match the one
  // shown): the key id in AWS_PAIR is the one shown, its secret part the revealed secret.
  const keyId = ((await vars.getByRole("row", { name: /AWS_ACCESS_KEY_ID/ }).locator(".esc-var-text").textContent()) ?? "").trim();
  expect(keyId).toMatch(/^[A-Z0-9]{16,}$/);
  await vars.getByRole("button", { name: "Reveal AWS_SECRET_ACCESS_KEY", exact: true }).click();
  await expect(vars.getByRole("row", { name: /AWS_SECRET_ACCESS_KEY/ })).toContainText(/[\w/+=]{16,}/);
  await expect(vars.getByRole("button", { name: "Hide AWS_SECRET_ACCESS_KEY", exact: true })).toBeVisible();
  const secret = ((await vars.getByRole("row", { name: /AWS_SECRET_ACCESS_KEY/ }).locator(".esc-revealed").textContent()) ?? "").trim();
  await vars.getByRole("button", { name: "Reveal AWS_PAIR", exact: true }).click();
  await expect(vars.getByRole("row", { name: /AWS_PAIR/ }).locator(".esc-revealed")).toHaveText(`${keyId}:${secret}`);
  await shot(page, testInfo, "open-aws-revealed-light");
  // A second Open gets new credentials from STS: the provider's output really changes per open.
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(vars.getByRole("row", { name: /AWS_ACCESS_KEY_ID/ }).locator(".esc-var-text")).not.toHaveText(keyId, {
    timeout: 60_000,
  });

  // A role that does not exist: STS refuses, and the diagnostic says what to change.
  await replaceEditorText(page, definition(`arn:aws:iam::${ACCOUNT}:role/does-not-exist`));
  await expect(page.getByTestId("opened-note")).toHaveCount(0);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByTestId("open-failed")).toBeVisible({ timeout: 60_000 });
  const diagnostics = page.getByTestId("diagnostics");
  await expect(diagnostics).toContainText(
    `AWS refused to let this environment assume role arn:aws:iam::${ACCOUNT}:role/does-not-exist`,
  );
  await expect(diagnostics).toContainText("The trust policy must allow sts:AssumeRoleWithWebIdentity");
  await expect(diagnostics).toContainText(
    `"${prefix}:sub" = "pulumi:environments:org:${account.org}:env:aws/dev"`,
  );
  await shot(page, testInfo, "open-aws-failed-light");
  await page.emulateMedia({ colorScheme: "dark" });
  await shot(page, testInfo, "open-aws-failed-dark");
});
