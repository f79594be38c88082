import fs from 'node:fs/promises';
import path from 'node:path';
import { MkdocsSite } from './sites';

/** A problem found in a page, with where it is. */
export type Problem = { file: string; line: number; message: string };

/** Every .md file under `dir`, relative to it and sorted. */
export async function listMarkdown(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(e => e.isFile() && e.name.endsWith('.md'))
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * Lines of a Markdown page outside fenced code blocks, with their numbers —
 * links in code are examples, not links.
 */
export function proseLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      return;
    }
    if (!fence) out.push({ text: text.replace(/`[^`]*`/g, ''), line: i + 1 });
  });
  return out;
}

/** Inline Markdown links and images: `[text](target)`. */
export function findLinks(
  markdown: string,
): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const m of text.matchAll(
      /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    )) {
      links.push({ target: m[1], line });
    }
  }
  return links;
}

/**
 * Checks every relative link of a built site: the target page or file is in
 * docs_dir, and a `#fragment` is an id on the target page as MkDocs rendered
 * it (heading slugs included). Links to other sites in the portal
 * (`/docs/...`) and external URLs are not followed.
 */
export async function checkLinks(
  site: MkdocsSite,
  builtDir: string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const idsCache = new Map<string, Set<string>>();

  const idsOf = async (htmlFile: string) => {
    let ids = idsCache.get(htmlFile);
    if (!ids) {
      const html = await fs.readFile(htmlFile, 'utf8').catch(() => '');
      ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map(m => m[1]));
      idsCache.set(htmlFile, ids);
    }
    return ids;
  };

  for (const page of await listMarkdown(site.docsDir)) {
    const file = path.join(site.docsDir, page);
    const markdown = await fs.readFile(file, 'utf8');
    for (const { target, line } of findLinks(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) {
        continue;
      }
      const [rawPath, fragment] = target.split('#', 2);
      const targetPath = decodeURIComponent(rawPath);
      const resolved = targetPath
        ? path.resolve(path.dirname(file), targetPath)
        : file;
      const where = { file: path.relative(site.docsDir, file), line };

      if (!resolved.startsWith(site.docsDir + path.sep)) {
        problems.push({
          ...where,
          message: `link '${target}' leaves the site's docs folder`,
        });
        continue;
      }
      const exists = await fs.stat(resolved).then(
        s => s.isFile(),
        () => false,
      );
      if (!exists) {
        problems.push({
          ...where,
          message: `link '${target}' points at a missing file`,
        });
        continue;
      }
      if (fragment && resolved.endsWith('.md')) {
        const rel = path.relative(site.docsDir, resolved).replace(/\.md$/, '');
        const htmlFile = /(^|\/)(index|README)$/.test(rel)
          ? path.join(
              builtDir,
              rel.replace(/(index|README)$/, ''),
              'index.html',
            )
          : path.join(builtDir, rel, 'index.html');
        if (!(await idsOf(htmlFile)).has(fragment)) {
          problems.push({
            ...where,
            message: `link '${target}' points at a missing heading '#${fragment}'`,
          });
        }
      }
    }
  }
  return problems;
}
