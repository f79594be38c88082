import path from 'node:path';
import { checkRepository, SiteReport } from './checkRepository';
import fs from 'node:fs';
import { checkCatalogDocsRefs } from './catalogDocs';
import { findProductionStarts } from './productionCommands';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * The repository's own documentation, checked the way TechDocs builds it.
 * Every site (the platform's at the root, and one per module, chart and
 * template skeleton) must build with `mkdocs build --strict`.
 */
describe('the documentation in this repository', () => {
  let sites: SiteReport[];
  let readmeProblems: string[];

  beforeAll(async () => {
    const result = await checkRepository(repoRoot, {
      extraFiles: ['README.md'],
    });
    sites = result.sites;
    readmeProblems = result.extra.map(p => `${p.file}:${p.line} ${p.message}`);
  }, 120_000);

  it('includes the platform site at the repository root', () => {
    expect(sites.map(s => s.name)).toContain('mkdocs.yml');
  });

  it('builds every site with mkdocs build --strict, without warnings', () => {
    const failures = sites
      .filter(s => !s.build.ok)
      .map(
        s => `${s.name}:\n  ${s.build.warnings.join('\n  ') || s.build.output}`,
      );
    expect(failures).toEqual([]);
  });

  it('lists every page in its site navigation', () => {
    const missing = sites.flatMap(s =>
      s.build.notInNav.map(p => `${s.name}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no broken internal links or anchors', () => {
    const broken = sites.flatMap(s =>
      s.links.map(p => `${s.name}: ${p.file}:${p.line} ${p.message}`),
    );
    expect(broken).toEqual([]);
  });

  it('names only scripts and yarn commands that exist', () => {
    const wrong = sites.flatMap(s =>
      s.commands.map(p => `${p.file}:${p.line} ${p.message}`),
    );
    expect([...wrong, ...readmeProblems]).toEqual([]);
  });

  it('builds each site in a few seconds', () => {
    // Generous bound; the numbers are printed for the record.
    for (const s of sites) {
      process.stdout.write(
        `mkdocs build --strict ${s.name}: ${s.build.durationMs} ms\n`,
      );
      expect(s.build.durationMs).toBeLessThan(30_000);
    }
  });
});

describe('the production start commands', () => {
  it.each(['README.md', 'docs/operations/production.md'])(
    'in %s start the build laid out by scripts/production-layout.sh, as the image does',
    file => {
      const starts = findProductionStarts(
        fs.readFileSync(path.join(repoRoot, file), 'utf8'),
      );
      expect(starts.length).toBeGreaterThan(0);
      expect(starts.flatMap(s => s.problems)).toEqual([]);
    },
  );
});

describe('the catalog entities with TechDocs', () => {
  it('point at a site TechDocs can build, inside the folder of their file', async () => {
    const refs = await checkCatalogDocsRefs(
      path.join(repoRoot, 'catalog/locations.yaml'),
    );
    expect(refs.map(r => r.entityRef)).toEqual(
      expect.arrayContaining([
        'system:default/casino-platform',
        'resource:default/terraform-module-karpenter',
        'resource:default/helm-chart-app',
      ]),
    );
    expect(
      refs
        .filter(r => r.problem)
        .map(
          r =>
            `${r.entityRef} (${path.relative(repoRoot, r.file)}): ${r.problem}`,
        ),
    ).toEqual([]);
  });
});
