import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { RoleGuide } from './RoleGuide';
import { roles } from './roles';

describe('RoleGuide', () => {
  it("points each role at its own pages, not at the app's config", async () => {
    await renderInTestApp(<RoleGuide roles={roles} />);

    const links = (role: string) =>
      within(screen.getByRole('region', { name: role }))
        .getAllByRole('link')
        .map(a => [a.textContent, a.getAttribute('href')]);

    expect(links('Developers')).toEqual(
      expect.arrayContaining([
        ['Start here', '/docs/default/system/casino-platform/developers/'],
        ['Create', '/create'],
      ]),
    );
    expect(links('On-call')).toEqual(
      expect.arrayContaining([
        ['Runbooks', '/docs/default/system/casino-platform/on-call/'],
        ['Clusters', '/clusters'],
        ['Chain nodes', '/chain-nodes'],
      ]),
    );
    expect(links('Auditors')).toEqual(
      expect.arrayContaining([
        ['Audit log', '/fairness'],
        [
          "Auditor's guide",
          '/docs/default/system/casino-platform/auditors-guide/',
        ],
      ]),
    );
    expect(links('Readers')).toEqual(
      expect.arrayContaining([
        [
          'Platform overview',
          '/docs/default/system/casino-platform/platform/overview/',
        ],
      ]),
    );
    for (const a of screen.getAllByRole('link')) {
      expect(a.getAttribute('href')).not.toMatch(/app-config|README/);
    }
  });
});
