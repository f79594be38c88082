import { test, expect } from '@playwright/test';
import { chooseTemplate, signInAsGuest } from './helpers';

// The local default publishes into git repositories under data/git
// (casino.scaffolder.publishMode: local), so these journeys create real
// repositories and branches there; names are unique per run.
const suffix = Date.now().toString(36);

test('a developer creates a Go service and lands on its catalog page with owner and docs', async ({
  page,
}) => {
  const name = `e2e-svc-${suffix}`;
  // The dev backend restarts when sources change; sign-in fails while it does.
  await expect(() => signInAsGuest(page, '/create')).toPass({
    timeout: 150_000,
  });
  await chooseTemplate(page, 'Go service');

  await page.getByRole('textbox', { name: 'Name' }).fill('Bonus_Engine');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Created by the end-to-end journey');
  // The pickers offer and show names, not entity references
  const team = page.getByRole('combobox', { name: 'Team' });
  await team.click();
  await team.fill('direct');
  await page.getByRole('option', { name: 'Direct', exact: true }).click();
  await expect(team).toHaveValue('Direct');
  const system = page.getByRole('combobox', { name: 'System' });
  await system.click();
  await page.getByRole('option', { name: 'Gaming', exact: true }).click();
  await expect(system).toHaveValue('Gaming');
  // A name the platform cannot use is explained in words, not as a regex.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText(/Use lowercase letters, digits and hyphens/).first(),
  ).toBeVisible();
  await expect(page.getByText(/must match pattern/)).toHaveCount(0);
  // A name the catalog already has is said while typing, and Next refuses
  // it with the same words, before any task runs.
  const taken =
    "'wallet' is already taken by the component Wallet (owned by mono). Choose another name.";
  await page.getByRole('textbox', { name: 'Name' }).fill('wallet');
  await expect(page.getByRole('status').getByText(taken)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(taken).nth(1)).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'arm64' })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await expect(
    page.getByText(
      `'${name}' is free: no Component of that name in the catalog.`,
    ),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Build step: both architectures are ticked by default
  await expect(page.getByRole('checkbox', { name: 'arm64' })).toBeChecked();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const open = page.getByRole('link', { name: 'Open in catalog' });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();

  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(page.getByRole('heading', { name })).toBeVisible();
  // The task finishes only once the catalog has processed the new entity, so
  // the page opens on it at once: no "Entity not found", no reload.
  await expect(page.getByText('Entity not found')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'direct' }).first()).toBeVisible({
    timeout: 10_000,
  });
  await expect(
    page.getByRole('link', { name: /View TechDocs/i }),
  ).toBeVisible();
});

test('a platform engineer opens a NodePool pull request locally and reads its diff', async ({
  page,
}) => {
  const name = `e2e-pool-${suffix}`;
  // The dev backend restarts when sources change; sign-in fails while it does.
  await expect(() => signInAsGuest(page, '/create')).toPass({
    timeout: 150_000,
  });
  await chooseTemplate(page, 'Terraform: new Karpenter NodePool');

  await page
    .getByRole('textbox', { name: 'What runs here' })
    .fill('Pool opened by the end-to-end journey');
  // A NodePool the clusters already run is said while typing and refused on
  // Next, before any task runs
  await page.getByRole('textbox', { name: 'Name' }).fill('graviton');
  const taken = /^'graviton' is already a NodePool in EKS dev \(demo\)/;
  await expect(page.getByRole('status').getByText(taken)).toBeVisible({
    timeout: 15_000,
  });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(taken).nth(1)).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await expect(
    page.getByRole('status').getByText(`'${name}' is free`, { exact: false }),
  ).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Next' }).click();
  // Instance families follow the architecture: Graviton for arm64, x86 for
  // amd64, and ticked families of the other one do not stay behind
  const family = (f: string) => page.getByRole('checkbox', { name: f });
  await expect(family('m7g')).toBeChecked();
  await expect(family('m6i')).toHaveCount(0);
  await page.getByRole('button', { name: /^Architecture/ }).click();
  await page.getByRole('option', { name: 'amd64 (x86)' }).click();
  await expect(family('m7g')).toHaveCount(0);
  await expect(family('m6i')).toBeChecked();
  await expect(family('c6i')).toBeChecked();
  await expect(family('r6i')).not.toBeChecked();
  await page.getByRole('button', { name: /^Architecture/ }).click();
  await page.getByRole('option', { name: 'arm64 (Graviton)' }).click();
  await expect(family('m6i')).toHaveCount(0);
  await expect(family('m7g')).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  // Limits and consolidation, then the optional taints
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task's output box: the branch, the validator's verdict, the cost and the diff
  const output = page.getByTestId('text-output-box');
  await expect(
    output.getByText(`Branch nodepool-${name}`, { exact: false }),
  ).toBeVisible({ timeout: 120_000 });
  await expect(
    output.getByText('Infra validator: passed', { exact: false }),
  ).toBeVisible();
  await expect(
    output.getByText('per month', { exact: false }).first(),
  ).toBeVisible();
  await expect(
    output.getByText(`+++ b/infra/kubernetes/karpenter/nodepool-${name}.yaml`),
  ).toBeVisible();
  await expect(
    output.getByText(`"nodepool-${name}"]`, { exact: false }),
  ).toBeVisible();
});

test("a platform engineer's chain node form offers only the chosen chain's clients", async ({
  page,
}) => {
  // The dev backend restarts when sources change; sign-in fails while it does.
  await expect(() => signInAsGuest(page, '/create')).toPass({
    timeout: 150_000,
  });
  await chooseTemplate(page, 'Terraform: new Hetzner chain node');

  await expect(page.getByText('Choose a chain first.')).toBeVisible();
  const client = page.getByRole('button', { name: /^Client/ });
  await page.getByRole('button', { name: /^Chain/ }).click();
  await page.getByRole('option', { name: 'ethereum', exact: true }).click();
  await client.click();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveText([
    "ethereum's default (geth)",
    'geth',
    'reth',
  ]);
  await page.getByRole('option', { name: 'reth', exact: true }).click();
  // polygon runs bor only: reth is cleared, not left behind unseen
  await page.getByRole('button', { name: /^Chain/ }).click();
  await page.getByRole('option', { name: 'polygon', exact: true }).click();
  await expect(
    page.getByText('bor runs polygon.', { exact: false }),
  ).toBeVisible();
  await client.click();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveText([
    "polygon's default (bor)",
    'bor',
  ]);
});
