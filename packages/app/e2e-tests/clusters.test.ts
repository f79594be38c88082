import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

// On-call's cluster view: Clusters → the demo cluster → arm64 spot nodes,
// then a service's pods in the stock Kubernetes tab. The local default reads
// the demo cluster API (scripts/services/demo-cluster.sh), labelled DEMO.
test('on-call finds arm64 spot nodes of a cluster and a service pods', async ({
  page,
}) => {
  await signInAsGuest(page);

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Clusters' })
    .click();
  const card = page.getByTestId('cluster-card-demo-eks-dev');
  await expect(card).toBeVisible();
  await expect(card.getByText('DEMO', { exact: true })).toBeVisible();
  // the first refresh runs a few seconds after the backend starts
  await expect(card.getByText(/\d+ nodes · \d+ pods/)).toBeVisible({
    timeout: 90_000,
  });

  await card.click();
  await expect(page).toHaveURL(/\/clusters\/demo-eks-dev$/);
  await expect(page.getByText('Savings what-if')).toBeVisible();
  const count = page.getByTestId('node-count');
  await expect(count).toHaveText(/^(\d+) of \1 nodes$/);
  const total = Number((await count.textContent())!.split(' ')[0]);

  await page.getByRole('combobox', { name: /^Architecture/ }).click();
  await page.getByRole('option', { name: 'arm64' }).click();
  await page.getByRole('combobox', { name: /^Capacity type/ }).click();
  await page.getByRole('option', { name: 'spot' }).click();

  await expect(count).not.toHaveText(`${total} of ${total} nodes`);
  const shown = Number((await count.textContent())!.split(' ')[0]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(total);
  const rows = page.locator(
    '[role=table][aria-label=Nodes] [role=row][data-node]',
  );
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    const cells = row.getByRole('cell');
    await expect(cells.nth(2)).toHaveText('arm64');
    await expect(cells.nth(3)).toHaveText('spot');
  }

  // A service's pods, from the same cluster, in the stock Kubernetes tab.
  await page.goto('/catalog/default/component/game-dice');
  await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
  const cluster = page.getByRole('button', {
    name: /^EKS dev \(demo\) Cluster/,
  });
  await expect(cluster).toBeVisible({ timeout: 60_000 });
  if ((await cluster.getAttribute('aria-expanded')) !== 'true') {
    await cluster.click();
  }
  await expect(cluster).toContainText(/\d+ pods/);
  await page
    .getByRole('button', { name: /^game-dice Deployment/, expanded: false })
    .click();
  await expect(
    page.getByText(/^game-dice-[a-z0-9]+-[a-z0-9]{5}$/).first(),
  ).toBeVisible();
});
