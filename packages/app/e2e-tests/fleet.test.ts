import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

// On-call's first look across clusters: the local default runs two demo
// clusters of different shapes (scripts/services/demo-cluster.sh and
// demo-cluster-prod.sh); the fleet page shows both, their totals add up, and
// each row agrees with its cluster's card on the Clusters page.
test('the fleet page shows the dev and prod clusters side by side', async ({
  page,
}) => {
  await signInAsGuest(page);

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Fleet' })
    .click();
  await expect(page).toHaveURL(/\/fleet$/);

  const dev = page.getByTestId('fleet-row-demo-eks-dev');
  const prod = page.getByTestId('fleet-row-demo-eks-prod');
  // the first refresh runs a few seconds after the backend starts
  for (const row of [dev, prod]) {
    await expect(row.getByText(/^ok · /)).toBeVisible({ timeout: 90_000 });
  }
  await expect(dev.getByText('DEMO', { exact: true })).toBeVisible();
  await expect(prod.getByText('DEMO', { exact: true })).toBeVisible();

  const nodesOf = async (row: typeof dev) =>
    Number(await row.getByRole('cell').nth(2).textContent());
  const graviton = async (row: typeof dev) =>
    parseFloat((await row.getByRole('cell').nth(6).textContent())!);
  const devNodes = await nodesOf(dev);
  const prodNodes = await nodesOf(prod);
  expect(devNodes).toBeGreaterThan(0);
  expect(prodNodes).toBeGreaterThan(0);
  // different shapes: prod runs more Graviton than dev
  expect(await graviton(prod)).toBeGreaterThan(await graviton(dev));

  await expect(page.getByTestId('fleet-nodes')).toHaveText(
    (devNodes + prodNodes).toLocaleString('en-US'),
  );
  await expect(page.getByLabel('Architecture chart')).toBeVisible();
  await expect(page.getByLabel('Capacity type chart')).toBeVisible();

  // The row's link opens the cluster page, whose count agrees (give or take
  // the demo cluster's churn in between).
  await prod.getByRole('link', { name: 'EKS prod (demo)' }).click();
  await expect(page).toHaveURL(/\/clusters\/demo-eks-prod$/);
  const count = page.getByTestId('node-count');
  await expect(count).toHaveText(/^(\d+) of \1 nodes$/);
  const shown = Number((await count.textContent())!.split(' ')[0]);
  expect(Math.abs(shown - prodNodes)).toBeLessThanOrEqual(5);
});
