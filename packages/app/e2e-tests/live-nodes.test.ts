import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

// The local default's demo cluster (scripts/services/demo-cluster.sh) and its
// admin token; /demo/changes is the demo cluster's own test route, not the
// portal's.
const DEMO_CLUSTER = process.env.DEMO_CLUSTER_URL ?? 'http://127.0.0.1:6443';
const DEMO_TOKEN = process.env.DEMO_CLUSTER_TOKEN ?? 'demo-cluster-token';

// On call, the cluster page follows the cluster: Karpenter adds a node, and
// the node table shows it within seconds, without a reload (the backend
// watches the cluster and signals the page).
test('a node Karpenter adds appears in the node table without reload', async ({
  page,
}) => {
  await signInAsGuest(page, '/clusters/demo-eks-dev');
  await expect(page.getByText('Savings what-if')).toBeVisible({
    timeout: 90_000,
  });
  // the page is live once the backend follows the cluster with watches
  await expect(page.getByText(/· live/)).toBeVisible({ timeout: 60_000 });
  const count = page.getByTestId('node-count');
  await expect(count).toHaveText(/^(\d+) of \1 nodes$/);

  // a reload would reset this search; it must survive the update
  const search = page.getByRole('textbox', { name: 'Search nodes' });
  const navigations: string[] = [];
  page.on('framenavigated', f => {
    if (f === page.mainFrame()) navigations.push(f.url());
  });

  const res = await page.request.post(
    `${DEMO_CLUSTER}/demo/changes?kind=scale-up`,
    { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } },
  );
  expect(res.status()).toBe(200);
  const { nodesAdded } = (await res.json()) as { nodesAdded: string[] };
  expect(nodesAdded).toHaveLength(1);
  const added = nodesAdded[0];

  await search.fill(added);
  const row = page.locator(
    `[role=table][aria-label=Nodes] [role=row][data-node="${added}"]`,
  );
  // the watch, a recompute (≤ 0.5 s) and the signal: seconds, not a 60 s relist
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(count).toHaveText(/^1 of \d+ nodes$/);
  expect(navigations).toEqual([]);
  await expect(search).toHaveValue(added);
});
