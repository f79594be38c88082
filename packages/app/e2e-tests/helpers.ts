import { expect, Page } from '@playwright/test';

/** Opens the portal and signs in with the guest provider (local default). */
export async function signInAsGuest(page: Page, path = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible({ timeout: 120_000 });
  await enter.click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
