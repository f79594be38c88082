import { test, expect, Page } from '@playwright/test';
import { signInAsGuest } from './helpers';

/**
 * Signs in, again if the guest sign-in failed because the dev backend was
 * restarting (it restarts on every edit of a backend package).
 */
async function signIn(page: Page, path?: string) {
  await expect(async () => {
    await signInAsGuest(page, path);
  }).toPass({ timeout: 300_000, intervals: [5_000] });
}

/**
 * The primary line of each result on the search page, in order: list items
 * whose primary text is a link (the result-type filter's items have none).
 */
function results(page: Page) {
  return page
    .locator('li .MuiListItemText-primary')
    .filter({ has: page.locator('a') });
}

async function resultTitles(page: Page): Promise<string[]> {
  return (await results(page).allInnerTexts()).map(t => t.trim());
}

// A reader searches for a word that is in the docs and in many catalog
// entities. The docs pages come first (DocsFirstSearchClient in
// packages/app/src/modules/search) and every section hit names its page
// ("Karpenter: pods pending › …", the backend's techdocsSearchTitles module).
test('a reader’s search lists docs pages first, each naming its page', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page);

  // On a fresh portal the docs are indexed after they are built: search
  // again until a docs page is among the results.
  let titles: string[] = [];
  await expect(async () => {
    await page.goto('/search?query=karpenter');
    await expect(results(page).first()).toBeVisible({ timeout: 20_000 });
    titles = await resultTitles(page);
    expect(titles.some(t => t.endsWith(' docs'))).toBe(true);
  }).toPass({ timeout: 240_000, intervals: [5_000] });

  const docs = titles.filter(t => t.endsWith(' docs'));
  // Docs first: no catalog entity ranks above a docs page (on the local
  // default "karpenter" fills the first page with docs; the template and
  // module entities that match come after them).
  expect(titles[0]).toMatch(/ docs$/);
  expect(titles.slice(0, docs.length)).toEqual(docs);
  // A section hit names the page it is on, not only its heading.
  expect(docs.some(t => / › /.test(t))).toBe(true);
  expect(docs.some(t => t.startsWith('Karpenter: '))).toBe(true);

  // The first result opens the docs page it names.
  await results(page).first().getByRole('link').click();
  await expect(page).toHaveURL(/\/docs\/default\//);
});
