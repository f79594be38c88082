import { validateMkdocsYaml } from '@backstage/plugin-techdocs-node/alpha';
import fs from 'node:fs/promises';
import path from 'node:path';

const CONFIG_NAMES = ['mkdocs.yml', 'mkdocs.yaml'];

/**
 * The `docs_dir` of the MkDocs site in `siteDir` (default `docs`), read with
 * the TechDocs generator's own YAML schema and safety rule (a `docs_dir`
 * outside the site throws).
 */
export async function readDocsDir(siteDir: string): Promise<string> {
  for (const name of CONFIG_NAMES) {
    let content: string;
    try {
      content = await fs.readFile(path.join(siteDir, name), 'utf8');
    } catch {
      continue;
    }
    return (await validateMkdocsYaml(siteDir, content)) ?? 'docs';
  }
  return 'docs';
}
