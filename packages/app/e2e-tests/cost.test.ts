import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

// The local default's cost comes from the demo cluster (scripts/services/demo-cluster.sh):
// the first import backfills its last 30 days from the model, then samples it for real.
test('a team opens Cost, picks its team, and sees its services’ cost and the savings what-if', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Cost' }).click();
  await expect(page).toHaveURL(/\/cost$/);
  await expect(
    page.getByRole('heading', { name: 'Cost', exact: true }),
  ).toBeVisible();

  // The first import runs shortly after the backend starts; reload until it has landed.
  const teams = page.getByRole('table', { name: 'cost by team' });
  await expect(async () => {
    await page.reload();
    await expect(teams.getByRole('link', { name: 'direct' })).toBeVisible({
      timeout: 10_000,
    });
  }).toPass({ timeout: 240_000 });
  await expect(page.getByLabel('platform total')).toContainText(
    /\$[\d,]+ platform total/,
  );
  await expect(page.getByText('Includes demo data').first()).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'cost by source' }),
  ).toContainText('Kubernetes compute');

  await teams.getByRole('link', { name: 'direct' }).click();
  await expect(page).toHaveURL(/\/cost\/teams\/default\/direct$/);
  await expect(
    page.getByRole('heading', { name: 'Cost of team direct' }),
  ).toBeVisible();
  const services = page.getByRole('table', { name: 'services' });
  await expect(services).toContainText('game-dice');
  await expect(services).toContainText(/\$[\d,.]+/);

  const whatIf = page.getByRole('table', { name: 'savings what-if' });
  await expect(whatIf).toContainText('x86 on-demand on Graviton on-demand');
  await expect(whatIf).toContainText(/\$[\d,.]+ \/ month/);
});
