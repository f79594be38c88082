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

/**
 * Opens a software template's form from Create. On a fresh portal the
 * catalog ingests the templates within a minute or two, so it reloads Create
 * until the card is there.
 */
export async function chooseTemplate(page: Page, title: string) {
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) });
  await expect(async () => {
    await page.goto('/create');
    await expect(card).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  await card.getByRole('button', { name: 'Choose' }).click();
}
