import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** An entity's `backstage.io/techdocs-ref` and what it resolves to. */
export type DocsRef = {
  entityRef: string;
  file: string;
  ref: string;
  problem?: string;
};

/**
 * Follows a catalog Location file (and the Locations it lists) and checks
 * every `dir:` TechDocs reference the way TechDocs resolves it: relative to
 * the folder of the file that defines the entity, never outside that folder,
 * and pointing at a folder with an mkdocs.yml.
 */
export async function checkCatalogDocsRefs(
  locationFile: string,
): Promise<DocsRef[]> {
  const seen = new Set<string>();
  const refs: DocsRef[] = [];
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    for (const doc of parseAllDocuments(text)) {
      const entity = doc.toJS() as any;
      if (!entity?.kind) continue;
      if (entity.kind === 'Location') {
        for (const t of [
          entity.spec?.target,
          ...(entity.spec?.targets ?? []),
        ]) {
          if (t && !/^[a-z]+:\/\//.test(t))
            await visit(path.resolve(path.dirname(file), t));
        }
        continue;
      }
      const ref: string | undefined =
        entity.metadata?.annotations?.['backstage.io/techdocs-ref'];
      if (!ref) continue;
      const entityRef = `${String(entity.kind).toLowerCase()}:${
        entity.metadata?.namespace ?? 'default'
      }/${entity.metadata?.name}`;
      const result: DocsRef = { entityRef, file, ref };
      if (ref.startsWith('dir:')) {
        const base = path.dirname(file);
        const target = path.resolve(base, ref.slice('dir:'.length));
        if (target !== base && !target.startsWith(base + path.sep)) {
          result.problem = `'${ref}' leaves ${path.basename(
            file,
          )}'s folder; TechDocs refuses it`;
        } else {
          const hasConfig = await Promise.any(
            ['mkdocs.yml', 'mkdocs.yaml'].map(n =>
              fs.stat(path.join(target, n)),
            ),
          ).then(
            () => true,
            () => false,
          );
          if (!hasConfig) result.problem = `'${ref}' has no mkdocs.yml`;
        }
      }
      refs.push(result);
    }
  };
  await visit(path.resolve(locationFile));
  return refs;
}
