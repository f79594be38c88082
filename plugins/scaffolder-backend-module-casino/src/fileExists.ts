import fs from 'node:fs/promises';

/** Whether a file or folder is there (and readable to this process). */
export async function fileExists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
