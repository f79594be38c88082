import {
  LeafRange,
  TreeNodeId,
  consistencyProofRanges,
  emptyRoot,
  inclusionProofRanges,
  nodesForRanges,
  rangeHash,
} from '@internal/plugin-fairness-common';
import { FairnessStore, nodeKey } from '../database/FairnessStore';

/** Stands in for a node the store lacks, so a broken tree fails verification instead of throwing. */
export const MISSING_NODE = new Uint8Array(32);

/** Leaves whose proofs share one node lookup: bounds memory on big exports. */
const PROOF_PAGE = 20_000;

/**
 * Roots and RFC 9162 proofs computed from the stored perfect-subtree
 * hashes. Read only: the readers answer with them and the tree-head
 * publisher hands consistency proofs to witnesses.
 */
export class TreeProofs {
  constructor(private readonly store: FairnessStore) {}

  async #read(ranges: LeafRange[]): Promise<(id: TreeNodeId) => Uint8Array> {
    const nodes = await this.store.readNodes(nodesForRanges(ranges));
    return (id: TreeNodeId) => nodes.get(nodeKey(id)) ?? MISSING_NODE;
  }

  async rootAt(treeSize: number): Promise<Uint8Array> {
    if (treeSize === 0) return emptyRoot();
    const range = { start: 0, end: treeSize };
    return rangeHash(range, await this.#read([range]));
  }

  async inclusionProofs(
    leafIndexes: number[],
    treeSize: number,
  ): Promise<Map<number, Uint8Array[]>> {
    const rangesByLeaf = leafIndexes.map(
      i => [i, inclusionProofRanges(i, treeSize)] as const,
    );
    const out = new Map<number, Uint8Array[]>();
    for (let i = 0; i < rangesByLeaf.length; i += PROOF_PAGE) {
      const page = rangesByLeaf.slice(i, i + PROOF_PAGE);
      const read = await this.#read(page.flatMap(([, ranges]) => ranges));
      page.forEach(([leaf, ranges]) =>
        out.set(
          leaf,
          ranges.map(r => rangeHash(r, read)),
        ),
      );
    }
    return out;
  }

  async inclusionProof(
    leafIndex: number,
    treeSize: number,
  ): Promise<Uint8Array[]> {
    return (await this.inclusionProofs([leafIndex], treeSize)).get(leafIndex)!;
  }

  async consistencyProof(
    fromSize: number,
    toSize: number,
  ): Promise<Uint8Array[]> {
    const ranges = consistencyProofRanges(fromSize, toSize);
    const read = await this.#read(ranges);
    return ranges.map(r => rangeHash(r, read));
  }
}
