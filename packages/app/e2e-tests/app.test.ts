import { test, expect } from '@playwright/test';
import { signInAsGuest } from './helpers';

test('a guest signs in and sees the platform catalog', async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // The sidebar's Catalog opens /catalog; "All" lists every team's components.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/?$/);
  await expect(
    page.getByRole('heading', { name: 'Casino Platform Catalog' }),
  ).toBeVisible();
  // On a fresh portal (this is often the first journey) the catalog is still
  // ingesting its locations: the list fills in over the first minute or two,
  // so even the first component may not be there yet. "All" lists every
  // team's components (a reload goes back to the default "Owned").
  await expect(async () => {
    await page.reload();
    await page
      .getByRole('menuitem', { name: /^All/ })
      .or(page.getByText('All', { exact: true }))
      .first()
      .click({ timeout: 10_000 });
    await expect(
      page.getByRole('link', { name: 'Example API' }).first(),
    ).toBeVisible({ timeout: 10_000 });
    await expect(
      page.getByRole('link', { name: 'Chain listener' }).first(),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000] });

  // Opening a component shows its owner from catalog/components.yaml.
  await page.getByRole('link', { name: 'Example API' }).first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/example-api/);
  await expect(
    page.getByRole('link', { name: 'Protocols' }).first(),
  ).toBeVisible();
});

test('/catalog typed into the address bar lists the catalog', async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog');
  await expect(page).toHaveURL(/\/catalog\/?(\?.*)?$/);
  await expect(
    page.getByRole('heading', { name: 'Casino Platform Catalog' }),
  ).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
});

test("catalog names don't wrap mid-word", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAsGuest(page, '/catalog');
  // The guest's own components: "Developer portal", owner "Platform Engineering"
  await expect(
    page.getByRole('link', { name: 'Developer portal' }).first(),
  ).toBeVisible();

  // A link of N words (hyphens count as word breaks) takes N lines at most.
  const broken = await page.locator('tbody td a').evaluateAll(links =>
    links
      .filter(a => {
        const tops = new Set<number>();
        const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) {
            if (r.width > 0) tops.add(Math.round(r.top));
          }
        }
        const words = (a.textContent ?? '').trim().split(/[\s-]+/).length;
        return tops.size > words;
      })
      .map(a => a.textContent),
  );
  expect(broken).toEqual([]);
});

test('a first visit lands on a home page that points each role at its pages', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAsGuest(page);
  expect(new URL(page.url()).pathname).toBe('/');

  const guide = (role: string) => page.getByRole('region', { name: role });
  await expect(
    guide('Developers').getByRole('link', { name: 'Start here' }),
  ).toHaveAttribute(
    'href',
    /\/docs\/default\/system\/casino-platform\/developers\//,
  );
  await expect(
    guide('On-call').getByRole('link', { name: 'Runbooks' }),
  ).toHaveAttribute('href', /\/on-call\/$/);
  await expect(
    guide('Auditors').getByRole('link', { name: 'Audit log' }),
  ).toHaveAttribute('href', '/fairness');
  await expect(
    guide('Readers').getByRole('link', { name: 'Platform overview' }),
  ).toHaveAttribute('href', /\/platform\/overview\/$/);
  await expect(
    page.locator('main').getByText('app-config').locator('visible=true'),
  ).toHaveCount(0);

  // Balanced: the four role columns sit side by side at the same height.
  const boxes = await Promise.all(
    ['Developers', 'On-call', 'Auditors', 'Readers'].map(role =>
      guide(role).boundingBox(),
    ),
  );
  const tops = boxes.map(b => Math.round(b!.y));
  expect(new Set(tops).size).toBe(1);

  // A role link opens the page it names.
  await guide('On-call').getByRole('link', { name: 'Runbooks' }).click();
  await expect(
    page
      .locator('[data-testid="techdocs-native-shadowroot"]')
      .getByRole('heading', { name: /On-call runbooks/, level: 1 }),
  ).toBeVisible({ timeout: 120_000 });
});

test("the sidebar's catalog graph opens on the platform system", async ({
  page,
}) => {
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: /Catalog Graph/i }).click();
  await expect(page).toHaveURL(/\/catalog-graph/);
  // The graph is drawn around system:default/casino-platform
  await expect(
    page
      .locator('svg')
      .getByText(/casino-platform|Casino platform/)
      .first(),
  ).toBeVisible({ timeout: 60_000 });
});
