import {
  FairnessRound,
  encodeEntryBundle,
  encodeRound,
  hashLeaf,
  rootHash,
  tilePath,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import path from 'node:path';

/** Writes a tlog-tiles mirror of `rounds` (one tree size) and its checkpoint to a directory. */
export function writeMirror(
  mirrorDir: string,
  rounds: FairnessRound[],
  checkpoint: string,
) {
  const write = (p: string, data: Uint8Array | string) => {
    const file = path.join(mirrorDir, ...p.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  };
  const entries = rounds.map(encodeRound);
  const level0 = entries.map(hashLeaf);
  const level1 = Array.from(
    { length: Math.floor(rounds.length / 256) },
    (_, j) => rootHash(entries.slice(j * 256, j * 256 + 256)),
  );
  const concat = (hashes: Uint8Array[]) => Buffer.concat(hashes);
  for (const [level, hashes] of [
    [0, level0],
    [1, level1],
  ] as const) {
    for (let n = 0; n * 256 < hashes.length; n++) {
      const slice = hashes.slice(n * 256, n * 256 + 256);
      write(tilePath({ level, index: n, width: slice.length }), concat(slice));
      if (level === 0) {
        write(
          tilePath({ level: 'entries', index: n, width: slice.length }),
          encodeEntryBundle(entries.slice(n * 256, n * 256 + 256)),
        );
      }
    }
  }
  write('checkpoint', checkpoint);
}
