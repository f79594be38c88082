import { test, expect, Page } from '@playwright/test';
import { signInAsGuest } from './helpers';

/**
 * Signs in, again if the guest sign-in failed because the dev backend was
 * restarting (it restarts on every edit of a backend package).
 */
async function signIn(page: Page, path?: string) {
  await expect(async () => {
    await signInAsGuest(page, path);
  }).toPass({ timeout: 300_000, intervals: [5_000] });
}

// On-call reads a service's pod logs: the component's Kubernetes tab → a pod's
// drawer → Logs. The stock Kubernetes plugin asks the backend's proxy, which
// forwards to the demo cluster's GET /api/v1/namespaces/{ns}/pods/{name}/log
// (packages/demo-cluster/src/podLogs.ts: log/slog JSON lines of the service).
test('on-call opens a service’s pod and reads its logs, then sees the pod’s node, architecture and capacity type', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, '/catalog/default/component/game-dice');

  // Overview: each pod's node, architecture and capacity type (node-mix's card).
  const placement = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Pods and their nodes' });
  await expect(placement).toBeVisible({ timeout: 90_000 });
  await expect(placement).toContainText(/game-dice-[a-z0-9]+-[a-z0-9]{5}/, {
    timeout: 90_000,
  });
  await expect(placement).toContainText(/amd64|arm64/);
  await expect(placement).toContainText(/spot|on-demand/);

  await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
  const cluster = page.getByRole('button', {
    name: /^EKS dev \(demo\) Cluster/,
  });
  await expect(cluster).toBeVisible({ timeout: 60_000 });
  if ((await cluster.getAttribute('aria-expanded')) !== 'true') {
    await cluster.click();
  }
  await page
    .getByRole('button', { name: /^game-dice Deployment/, expanded: false })
    .click();
  const podName = page.getByText(/^game-dice-[a-z0-9]+-[a-z0-9]{5}$/).first();
  await expect(podName).toBeVisible();
  const pod = (await podName.textContent())!;
  await podName.click();

  const drawer = page.locator('.MuiDrawer-paper').filter({ hasText: pod });
  await expect(drawer).toBeVisible();
  await drawer.getByRole('button', { name: 'get logs' }).first().click();

  const dialog = page
    .getByRole('dialog')
    .filter({ hasText: `${pod} - ` })
    .filter({ hasText: 'logs on cluster EKS dev (demo)' });
  await expect(dialog).toBeVisible();
  // The service's own access log lines, not an error banner or "No logs".
  await expect(dialog.getByText(/"msg":"request"/).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(dialog).toContainText('"service":"game-dice"');
  await expect(dialog).not.toContainText('No logs emitted');
  await expect(dialog).not.toContainText(/"kind":"Status"|is forbidden/);
});
