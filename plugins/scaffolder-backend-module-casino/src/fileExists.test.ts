import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileExists } from './fileExists';

describe('fileExists', () => {
  it('is true for a file and a folder, false for a missing path', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'file-exists-'));
    try {
      await fs.writeFile(path.join(dir, 'a.txt'), 'a');
      await expect(fileExists(path.join(dir, 'a.txt'))).resolves.toBe(true);
      await expect(fileExists(dir)).resolves.toBe(true);
      await expect(fileExists(path.join(dir, 'b.txt'))).resolves.toBe(false);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
