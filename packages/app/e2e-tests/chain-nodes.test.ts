import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

// The local default runs three Hardhat nodes (scripts/services/chain-nodes.sh)
// and lists a fourth on a port nothing listens on (catalog/chain-nodes.yaml).
test('on-call opens Chain nodes, sees healthy, lagging and down, and the down node history', async ({
  page,
}) => {
  await signInAsGuest(page);

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Chain nodes' }).click();
  await expect(page).toHaveURL(/\/chain-nodes$/);

  const chain = page.getByRole('region', { name: 'chain casino-local' });
  // The page refreshes itself; the lagging node needs a few blocks to fall behind.
  const down = chain.getByTestId('node-chain-node-local-4');
  const lagging = chain.getByTestId('node-chain-node-local-3');
  const healthy = chain.getByTestId('node-chain-node-local-1');
  await expect(down.getByTestId('state-down')).toBeVisible({ timeout: 60_000 });
  await expect(down).toContainText(
    'unreachable: connection refused (ECONNREFUSED)',
  );
  await expect(lagging.getByTestId('state-degraded')).toBeVisible({
    timeout: 60_000,
  });
  await expect(lagging).toContainText(
    /\d+ blocks behind the chain head \d+ \(limit 5\)/,
  );
  await expect(healthy.getByTestId('state-healthy')).toBeVisible({
    timeout: 60_000,
  });

  // Worst first: the down node's location comes before the healthy one's.
  const tables = chain.getByRole('table');
  await expect(tables.first()).toHaveAccessibleName(
    'casino-local nodes in hel1',
  );

  await down.getByRole('link', { name: 'Local chain node 4' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/resource\/chain-node-local-4/,
  );
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Node health' })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/resource\/chain-node-local-4\/health/,
  );

  await expect(page.getByRole('list', { name: 'reasons' })).toContainText(
    'unreachable: connection refused (ECONNREFUSED)',
  );
  await expect(page.getByText('Uptime 24 h')).toBeVisible();
  // Uptime over the time the node was observed, not a whole day it did not exist for
  await expect(
    page.getByText('Uptime 24 h').locator('xpath=following-sibling::*[1]'),
  ).toHaveText(/^0% of \d+ (s|min) observed$/);
  // A node that answered no probe has no charts to draw, and says why
  await expect(
    page.getByText(/the node answered none of its probes here \(it was down\)/),
  ).toBeVisible();
  await expect(
    page.getByRole('figure', { name: 'Blocks behind chain head' }),
  ).toHaveCount(0);
  const events = page.getByRole('table', { name: 'state changes' });
  await expect(events.getByTestId('state-down')).toBeVisible();
});
