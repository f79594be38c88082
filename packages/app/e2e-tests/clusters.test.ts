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

const DEMO_CLUSTER = process.env.DEMO_CLUSTER_URL ?? 'http://127.0.0.1:6443';
const DEMO_TOKEN = process.env.DEMO_CLUSTER_TOKEN ?? 'demo-cluster-token';

// On-call asks why a node is not consolidated: the drawer shows the portal's
// reasons and Karpenter's own event text verbatim with its age; the node's
// NodePool page shows cost, limits, budgets and the same reasons per node.
test("on-call reads Karpenter's own reason beside the portal's, then the node's NodePool", async ({
  page,
  request,
}) => {
  // What Karpenter said, as the demo cluster's API serves it to the portal.
  const res = await request.get(
    `${DEMO_CLUSTER}/api/v1/events?fieldSelector=${encodeURIComponent(
      'involvedObject.kind=Node,reason=DisruptionBlocked',
    )}`,
    { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } },
  );
  expect(res.ok()).toBe(true);
  const events: any[] = (await res.json()).items;
  expect(events.length).toBeGreaterThan(0);
  const event = events[events.length - 1];
  const node: string = event.involvedObject.name;

  await signInAsGuest(page, '/clusters/demo-eks-dev');
  const count = page.getByTestId('node-count');
  await expect(count).toHaveText(/^\d+ of \d+ nodes$/, { timeout: 90_000 });
  await page.getByRole('textbox', { name: 'Search nodes' }).fill(node);
  await expect(count).toHaveText(/^1 of \d+ nodes$/);
  await page.getByRole('button', { name: `Details of node ${node}` }).click();

  const drawer = page.getByRole('dialog', { name: `Node ${node}` });
  const section = drawer.getByRole('region', {
    name: 'Consolidation: the portal and Karpenter',
  });
  const karpenter = section.getByLabel('Karpenter says');
  await expect(karpenter.getByText(event.message, { exact: true })).toBeVisible(
    { timeout: 30_000 },
  );
  await expect(karpenter).toContainText('DisruptionBlocked');
  await expect(karpenter).toContainText(/\d+ (s|min) ago/);
  // the portal's own reasons, beside Karpenter's
  await expect(section.getByLabel('Portal says')).toContainText(
    /Blocked|Not a consolidation candidate/,
  );
  const pool = (await drawer.textContent())!.match(/NodePool ([a-z0-9-]+)/)![1];
  await drawer.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('link', { name: `Open NodePool ${pool}` }).click();
  await expect(page).toHaveURL(
    new RegExp(`/clusters/demo-eks-dev/nodepools/${pool}$`),
  );
  await expect(
    page.getByRole('heading', { name: `NodePool ${pool}` }),
  ).toBeVisible();
  await expect(page.getByLabel('Cost per hour')).toHaveText(/^\$[\d,.]+\/h$/, {
    timeout: 30_000,
  });
  await expect(page.getByLabel('Disruptions allowed now')).toContainText(
    /Underutilized: \d+ more may start now/,
  );
  const candidates = page.getByRole('table', {
    name: 'Consolidation candidates',
  });
  await expect(
    candidates
      .getByRole('row')
      .filter({ hasText: node })
      .getByText(event.message, { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'NodePool nodes' }),
  ).toContainText(node);
});
