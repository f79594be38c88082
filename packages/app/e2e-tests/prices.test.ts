import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

// Prices show their source and date: the local default has no AWS access, so
// the cluster page, a node's drawer and the Cost page say the shipped table
// is the offline fallback and why, and show the demo cluster's Karpenter
// NodeOverlay (-8 % on Graviton on-demand) as list vs effective price.
test('on-call sees where each price came from, its age, and the NodeOverlay applied', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page, '/clusters/demo-eks-dev');
  const count = page.getByTestId('node-count');
  await expect(count).toHaveText(/^\d+ of \d+ nodes$/, { timeout: 90_000 });

  const prices = page.getByRole('region', { name: 'Prices' });
  await expect(prices).toContainText(
    'shipped table (2026-11-27), offline fallback (AWS prices off: nodeMix.pricing.aws.enabled is false)',
  );
  await expect(prices).toContainText(/on-demand · \d+ nodes?/);
  await expect(prices).toContainText(
    'Karpenter NodeOverlay graviton-on-demand-private-pricing (weight 10): price adjustment -8%',
  );
  await expect(prices).toContainText(/List price \$[\d,.]+\/h/);

  // a Graviton on-demand node: list price, the overlay, effective price
  await page.getByRole('combobox', { name: /^Architecture/ }).click();
  await page.getByRole('option', { name: 'arm64' }).click();
  await page.getByRole('combobox', { name: /^Capacity type/ }).click();
  await page.getByRole('option', { name: 'on-demand' }).click();
  const row = page
    .locator('[role=table][aria-label=Nodes] [role=row][data-node]')
    .first();
  await expect(row).toBeVisible();
  const node = (await row.getAttribute('data-node'))!;
  await page.getByRole('button', { name: `Details of node ${node}` }).click();
  const drawer = page.getByRole('dialog', { name: `Node ${node}` });
  const price = drawer.getByRole('region', { name: 'Price' });
  await expect(price).toContainText(
    /list \$[\d.]+\/h: -8% \(NodeOverlay graviton-on-demand-private-pricing\) → \$[\d.]+\/h/,
  );
  await expect(price).toContainText(
    'shipped table (2026-11-27), offline fallback',
  );
  await drawer.getByRole('button', { name: 'Close' }).click();

  // the Cost page names the same source for the cluster's node prices
  await page.goto('/cost');
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByText(
        /Node prices, demo-eks-dev, on-demand \(\d+\): shipped table/,
      ),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 240_000 });
});
