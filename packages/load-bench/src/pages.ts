import type { Locator, Page } from 'playwright-core';

/** A page and what shows that its data is on screen and usable. */
type BenchPage = {
  name: string;
  path: string;
  ready: (page: Page) => Locator;
};

export const PAGES: BenchPage[] = [
  {
    name: 'Clusters',
    path: '/clusters',
    ready: page =>
      page
        .getByTestId('cluster-card-demo-eks-dev')
        .getByText(/\d+ nodes · \d+ pods/),
  },
  {
    name: 'Cluster demo-eks-dev',
    path: '/clusters/demo-eks-dev',
    ready: page => page.getByTestId('node-count').filter({ hasText: /^\d+/ }),
  },
  {
    name: 'Cost',
    path: '/cost',
    ready: page =>
      page
        .getByRole('table', { name: 'cost by team' })
        .getByRole('link', { name: 'direct' }),
  },
  {
    name: 'Chain nodes',
    path: '/chain-nodes',
    ready: page =>
      page
        .getByRole('region', { name: 'chain casino-local' })
        .getByRole('table')
        .first(),
  },
  {
    name: 'Audit log',
    path: '/fairness',
    ready: page =>
      page
        .getByRole('table', { name: 'rounds' })
        .or(page.getByText('No rounds match.')),
  },
];

export type PageResult = { page: string; visit: number; ms: number | null };

/**
 * Opens each page in headless Chromium (Debian's /usr/bin/chromium) as a
 * signed-in guest and times navigation start -> the page's data visible.
 * Each page is opened `visits` times: the first visit loads the page's
 * lazy chunk, later ones come from the browser cache like a user's.
 */
export async function measurePages(
  base: string,
  visits: number,
  timeoutMs: number,
): Promise<PageResult[]> {
  // Required, not imported: only this step needs a browser.
  const { chromium } =
    require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
  const results: PageResult[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(base);
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 60_000 });
    await page
      .getByRole('button', { name: 'Enter' })
      .waitFor({ state: 'detached', timeout: 60_000 });
    for (let visit = 1; visit <= visits; visit++) {
      for (const p of PAGES) {
        const started = Date.now();
        let ms: number | null = null;
        try {
          await page.goto(`${base}${p.path}`);
          await p.ready(page).first().waitFor({ timeout: timeoutMs });
          ms = Date.now() - started;
        } catch {
          ms = null; // not there within the timeout
        }
        results.push({ page: p.name, visit, ms });
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
