import { test, expect, Page } from '@playwright/test';
import { chooseTemplate, signInAsGuest } from './helpers';

// The golden path end to end on the local default: the Go service template
// publishes a repository under data/git and registers the component; the
// deploy template pushes a branch with the service's chart values to the
// local GitOps clone; the demo cluster (packages/demo-cluster) reads that
// branch as if merged, renders the platform chart and runs the release's
// pods, which the component's Kubernetes tab finds by the chart's
// backstage.io/kubernetes-id label.
const name = `e2e-gp-${Date.now().toString(36)}`;

async function pickTeam(page: Page, label: string) {
  const team = page.getByRole('combobox', { name: label });
  await team.click();
  await team.fill('direct');
  await page.getByRole('option', { name: 'Direct', exact: true }).click();
}

test('a developer creates a Go service, deploys it with the platform chart and sees its pods in the Kubernetes tab', async ({
  page,
}) => {
  test.setTimeout(420_000);
  // The dev backend restarts when sources change; sign-in fails while it does.
  await expect(() => signInAsGuest(page)).toPass({ timeout: 150_000 });

  // 1. Create the Go service
  await chooseTemplate(page, 'Go service');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Golden path journey');
  await pickTeam(page, 'Team');
  await page.getByRole('combobox', { name: 'System' }).click();
  await page.getByRole('option', { name: 'Gaming', exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('link', { name: 'Open in catalog' })).toBeVisible(
    { timeout: 120_000 },
  );

  // 2. Deploy it with the platform chart, from the new service's next step:
  // the form opens with the component picked from the catalog, its team and
  // image repository filled in; two replicas, multi-arch, any capacity.
  // The pickers show the component and the team by name, not their
  // entity references (component:default/..., group:default/direct).
  await page.getByRole('link', { name: 'Deploy it' }).click();
  await expect(page.getByRole('combobox', { name: 'Service' })).toHaveValue(
    name,
    { timeout: 30_000 },
  );
  await expect(page.getByRole('combobox', { name: 'Team' })).toHaveValue(
    'Direct',
  );
  await expect(
    page.getByRole('textbox', { name: 'Image repository' }),
  ).toHaveValue(
    `123456789012.dkr.ecr.eu-central-1.amazonaws.com/direct/${name}`,
  );
  await page.getByRole('textbox', { name: 'Image tag' }).fill('1.0.0');
  await page.getByRole('button', { name: 'Next' }).click();
  // Placement and size say where it runs and what it costs per month, at
  // the prices the Clusters and Cost pages use, with their source
  const estimate = page.getByRole('region', {
    name: 'Where it runs and what it costs',
  });
  await expect(estimate).toContainText(
    'Environment and cluster: dev on EKS dev, prod on EKS prod',
  );
  await expect(estimate).toContainText(
    /2 × \(250m CPU, 256Mi\) on m7g\.xlarge in eu-central-1: \$[\d.,]+ per month on spot, up to \$[\d.,]+ on on-demand/,
  );
  await expect(estimate).toContainText(/Prices: spot: .*; on-demand: /);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const output = page.getByTestId('text-output-box');
  await expect(
    output.getByText(`Branch deploy-direct-${name}`, { exact: false }),
  ).toBeVisible({ timeout: 120_000 });

  // 3. The component's Kubernetes tab shows the release's pods. The demo
  // cluster re-reads the GitOps clone every 2 s; the tab reads on load.
  const cluster = page.getByRole('button', {
    name: /^EKS dev \(demo\) Cluster/,
  });
  await expect(async () => {
    await page.goto(`/catalog/default/component/${name}`);
    await page
      .getByRole('link', { name: 'Kubernetes', exact: true })
      .click({ timeout: 5_000 });
    await expect(cluster).toContainText('2 pods', { timeout: 5_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  if ((await cluster.getAttribute('aria-expanded')) !== 'true') {
    await cluster.click();
  }
  await page
    .getByRole('button', {
      name: new RegExp(`^${name} Deployment`),
      expanded: false,
    })
    .click();
  const pods = page.getByText(new RegExp(`^${name}-[a-z0-9]{10}-[a-z0-9]{5}$`));
  await expect(pods).toHaveCount(2);
});
