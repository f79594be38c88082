import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

test('a guest signs in and sees the platform catalog', async ({ page }) => {
  await signInAsGuest(page);

  // The catalog is the landing page; "All" lists every team's components.
  await expect(
    page.getByRole('heading', { name: 'Casino Platform Catalog' }),
  ).toBeVisible();
  await page
    .getByRole('menuitem', { name: /^All/ })
    .or(page.getByText('All', { exact: true }))
    .first()
    .click();
  await expect(
    page.getByRole('link', { name: 'Example API' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Chain listener' }).first(),
  ).toBeVisible();

  // Opening a component shows its owner from catalog/components.yaml.
  await page.getByRole('link', { name: 'Example API' }).first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/example-api/);
  await expect(
    page.getByRole('link', { name: 'Protocols' }).first(),
  ).toBeVisible();
});
