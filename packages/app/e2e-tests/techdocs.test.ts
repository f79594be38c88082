import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

test('a reader opens the platform docs and finds a page through search', async ({
  page,
}) => {
  // TechDocs builds a site on first view (Debian's mkdocs, a few seconds)
  // and the search index only has sites that were built; the backend builds
  // them on start, so allow for a fresh start.
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // Docs → the platform's site (System casino-platform, mkdocs.yml at the root)
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Docs', exact: true }).click();
  await page
    .getByRole('link', { name: 'Casino platform', exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(/\/docs\/default\/system\/casino-platform\/?$/);

  // The home page renders inside the reader, with the site's navigation.
  const content = page.locator('[data-testid="techdocs-native-shadowroot"]');
  await expect(
    content.getByRole('heading', { name: 'Casino platform documentation' }),
  ).toBeVisible({ timeout: 120_000 });
  const siteNav = content.locator('nav.md-nav--primary');
  for (const section of ['Platform', 'Developers', 'On-call', 'Auditors']) {
    await expect(
      siteNav.getByText(section, { exact: true }).first(),
    ).toBeAttached();
  }
  // Sections start collapsed: open "Platform", then its first page.
  await siteNav.getByText('Platform', { exact: true }).first().click();
  await siteNav.getByRole('link', { name: 'Platform overview' }).click();
  await expect(page).toHaveURL(
    /\/docs\/default\/system\/casino-platform\/platform\/overview\/?$/,
  );
  await expect(
    content.getByRole('heading', { name: 'Platform overview', level: 1 }),
  ).toBeVisible();

  // Search the portal for a term only the scale-patterns page explains. The
  // index is refreshed after the start-up build; retry until it has the docs.
  await expect(async () => {
    await page.goto('/search?query=consolidateAfter');
    await expect(
      page.getByRole('link', { name: /Scale patterns|Consolidation/ }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });

  await page
    .getByRole('link', { name: /Scale patterns|Consolidation/ })
    .first()
    .click();
  await expect(page).toHaveURL(
    /\/docs\/default\/system\/casino-platform\/platform\/scale-patterns\//,
  );
  await expect(
    content.getByRole('heading', {
      name: /Scale patterns: 1,000 to 5,000 nodes/,
      level: 1,
    }),
  ).toBeVisible({ timeout: 60_000 });
});

test('docs draw their Mermaid diagrams', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  const content = page.locator('[data-testid="techdocs-native-shadowroot"]');

  // The platform overview has two ```mermaid blocks: both become drawings.
  await page.goto('/docs/default/system/casino-platform/platform/overview/');
  await expect(
    content.getByRole('heading', { name: 'Platform overview', level: 1 }),
  ).toBeVisible({ timeout: 120_000 });
  await expect(content.locator('.mermaid-diagram svg')).toHaveCount(2, {
    timeout: 60_000,
  });
  await expect(content.locator('pre.mermaid')).toHaveCount(0);
  await expect(content.locator('.mermaid-error')).toHaveCount(0);
  await expect(
    content.locator('.mermaid-diagram svg').first().getByText('Kubernetes API'),
  ).toBeVisible();
});

test('each code block in the docs has one copy button', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  const content = page.locator('[data-testid="techdocs-native-shadowroot"]');
  for (const path of [
    'developers/templates/go-service/',
    'platform/overview/',
  ]) {
    await page.goto(`/docs/default/system/casino-platform/${path}`);
    await expect(content.locator('h1').first()).toBeVisible({
      timeout: 120_000,
    });
    await page.waitForTimeout(3_000);
    // TechDocs adds one button per block; Material's own icon (drawn by
    // `.md-clipboard::after`) must stay hidden, or the block shows two.
    const blocks = await content.locator('pre').evaluateAll(pres =>
      pres.map(pre => {
        const buttons = [...pre.querySelectorAll('.md-clipboard')];
        const icons = buttons.filter(
          b => getComputedStyle(b, '::after').content !== 'none',
        ).length;
        return { buttons: buttons.length, extraIcons: icons };
      }),
    );
    for (const block of blocks) {
      expect(block).toEqual({ buttons: 1, extraIcons: 0 });
    }
  }
});
