import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository this package lives in. */
export const REPO_ROOT = path.resolve(
  resolvePackagePath('@internal/infra-validator'),
  '..',
  '..',
);

/** Copies the real infra/ tree into a fresh temp dir; returns the copy's root (parent of infra/). */
export function copyInfra(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-validator-'));
  fs.cpSync(path.join(REPO_ROOT, 'infra'), path.join(root, 'infra'), {
    recursive: true,
  });
  return root;
}

/** Replaces `from` with `to` in a file of the copy; fails the test if `from` is not there. */
export function edit(root: string, file: string, from: string, to: string) {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`'${from}' not found in ${file}`);
  fs.writeFileSync(full, text.replace(from, to));
}

export function removeDir(root: string) {
  fs.rmSync(root, { recursive: true, force: true });
}
