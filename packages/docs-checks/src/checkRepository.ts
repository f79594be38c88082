import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkCommands, readRepoCommands } from './commands';
import { checkLinks, listMarkdown, Problem } from './links';
import { buildSite, BuildResult, findMkdocsConfigs, loadSite } from './sites';

/** Everything found about one site. */
export type SiteReport = {
  name: string;
  build: BuildResult;
  links: Problem[];
  commands: Problem[];
};

/**
 * Builds and checks every MkDocs site under `repoRoot` (each into its own
 * temporary folder, removed afterwards), and checks the commands named in
 * the sites' pages and in `extraFiles` (e.g. the README).
 */
export async function checkRepository(
  repoRoot: string,
  options: { extraFiles?: string[] } = {},
): Promise<{ sites: SiteReport[]; extra: Problem[] }> {
  const repo = await readRepoCommands(repoRoot);
  const sites: SiteReport[] = [];
  for (const configFile of await findMkdocsConfigs(repoRoot)) {
    let site;
    try {
      site = await loadSite(configFile, repoRoot);
    } catch (error: any) {
      // MkDocs refused the config itself (e.g. a plugin that is not installed).
      const output = String(error.stderr ?? error);
      sites.push({
        name: path.relative(repoRoot, configFile),
        build: {
          ok: false,
          warnings: output
            .split('\n')
            .filter(l => /^Config value|^ERROR|^WARNING/.test(l)),
          notInNav: [],
          output,
          durationMs: 0,
        },
        links: [],
        commands: [],
      });
      continue;
    }
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'docs-check-'));
    try {
      const build = await buildSite(site, outDir);
      const links = await checkLinks(site, outDir);
      const commands: Problem[] = [];
      // The pages, plus Markdown next to mkdocs.yml (a README that a page
      // includes with pymdownx.snippets).
      const siteDir = path.dirname(site.configFile);
      const topLevel = (await fs.readdir(siteDir))
        .filter(f => f.endsWith('.md'))
        .map(f => path.join(siteDir, f));
      const pages = (await listMarkdown(site.docsDir)).map(p =>
        path.join(site.docsDir, p),
      );
      for (const file of [...topLevel, ...pages]) {
        commands.push(
          ...(await checkCommands(
            path.relative(repoRoot, file),
            await fs.readFile(file, 'utf8'),
            repoRoot,
            repo,
          )),
        );
      }
      sites.push({ name: site.name, build, links, commands });
    } finally {
      await fs.rm(outDir, { recursive: true, force: true });
    }
  }
  const extra: Problem[] = [];
  for (const file of options.extraFiles ?? []) {
    const markdown = await fs
      .readFile(path.join(repoRoot, file), 'utf8')
      .catch(() => '');
    extra.push(...(await checkCommands(file, markdown, repoRoot, repo)));
  }
  return { sites, extra };
}
