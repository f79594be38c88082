import {
  CheckStatus,
  EvidenceBundle,
  EvidenceReport,
  bytesToHex,
  checkStatus,
  expectedAnchorData,
} from '@internal/plugin-fairness-common';

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** Nothing failed, but some rounds' server seeds are still active (not revealed): verify again later. */
export const EXIT_PENDING = 3;

/** The overall status of a report plus an optional anchor check. */
export function overallStatus(
  report: EvidenceReport,
  anchor?: AnchorCheck,
): CheckStatus {
  if (anchor && !anchor.ok) return 'failed';
  return report.status;
}

/** The exit code for a status. */
export function exitCodeFor(status: CheckStatus): number {
  if (status === 'verified') return EXIT_OK;
  return status === 'pending' ? EXIT_PENDING : EXIT_FAILED;
}

/** JSON.stringify replacer: byte arrays (hashes) as lowercase hex, not `{"0":240,…}`. */
export function hexBytes(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? bytesToHex(value) : value;
}

export type AnchorCheck = { ok: boolean; reason: string };

/** Checks on the chain that the bundle's anchor transaction carries the checkpoint hash. */
export async function checkAnchor(
  bundle: EvidenceBundle,
  rpcUrl: string,
): Promise<AnchorCheck> {
  if (!bundle.anchor) {
    return { ok: false, reason: 'the bundle has no anchor for its tree head' };
  }
  const expected = expectedAnchorData(bundle);
  if (bundle.anchor.data.toLowerCase() !== expected) {
    return {
      ok: false,
      reason: `anchor data ${bundle.anchor.data} is not the hash of the signed tree head (${expected})`,
    };
  }
  let response: Response;
  try {
    response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_getTransactionByHash',
        params: [bundle.anchor.txHash],
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return {
      ok: false,
      reason: `cannot reach chain node ${rpcUrl}: ${(error as Error).message}`,
    };
  }
  const body = (await response.json().catch(() => ({}))) as {
    result?: { input?: string; blockNumber?: string } | null;
  };
  const tx = body.result;
  if (!tx) {
    return {
      ok: false,
      reason: `transaction ${bundle.anchor.txHash} is not on the chain at ${rpcUrl}`,
    };
  }
  if ((tx.input ?? '').toLowerCase() !== expected) {
    return {
      ok: false,
      reason: `transaction ${bundle.anchor.txHash} carries ${tx.input}, not ${expected}`,
    };
  }
  return {
    ok: true,
    reason: `tree head anchored in transaction ${bundle.anchor.txHash}${
      tx.blockNumber ? ` at block ${parseInt(tx.blockNumber, 16)}` : ''
    } on chain ${bundle.anchor.chainId}`,
  };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const MARKS: Record<CheckStatus, string> = {
  verified: '✓',
  pending: '…',
  failed: '✗',
};

/** The human-readable report. */
export function formatReport(
  report: EvidenceReport,
  bundle: EvidenceBundle,
  anchor?: AnchorCheck,
): string {
  const lines: string[] = [];
  lines.push(
    `Evidence: ${bundle.scope} (${
      bundle.rounds?.length ?? 0
    } rounds, exported ${bundle.exportedAt})`,
  );
  if (report.checkpoint) {
    lines.push(
      `Tree head: ${report.checkpoint.origin}, size ${
        report.checkpoint.treeSize
      }${
        report.checkpoint.timestamp
          ? `, signed ${new Date(report.checkpoint.timestamp).toISOString()}`
          : ''
      }`,
    );
  }
  lines.push('');
  for (const check of report.checks.filter(c => !c.roundId)) {
    lines.push(`${MARKS[checkStatus(check)]} ${check.check}: ${check.reason}`);
  }
  if (anchor) {
    lines.push(`${mark(anchor.ok)} anchor: ${anchor.reason}`);
  }
  const byRound = new Map<string, typeof report.checks>();
  for (const check of report.checks.filter(c => c.roundId)) {
    byRound.set(check.roundId!, [
      ...(byRound.get(check.roundId!) ?? []),
      check,
    ]);
  }
  const failed = [...byRound.entries()].filter(([, checks]) =>
    checks.some(c => checkStatus(c) === 'failed'),
  );
  const pendingSeeds = new Set(
    report.checks
      .filter(c => c.pending && c.check === 'commitment')
      .map(c => c.reason),
  );
  lines.push(
    `${
      failed.length
        ? MARKS.failed
        : MARKS[report.roundsPending ? 'pending' : 'verified']
    } rounds: ${report.roundsVerified} of ${
      byRound.size
    } verified (commitment, result, inclusion), ${
      report.roundsPending
    } pending, ${failed.length} failed`,
  );
  if (report.roundsPending) {
    lines.push(
      `  … ${report.roundsPending} rounds wait for ${
        pendingSeeds.size
      } server seed${
        pendingSeeds.size === 1 ? '' : 's'
      } still in use; their inclusion in the signed log is checked, their results once the seed is revealed`,
    );
  }
  for (const [roundId, checks] of failed.slice(0, 50)) {
    lines.push(`  round '${roundId}' (leaf ${checks[0].leafIndex}):`);
    for (const check of checks.filter(c => checkStatus(c) === 'failed')) {
      lines.push(`    ✗ ${check.check}: ${check.reason}`);
    }
  }
  if (failed.length > 50) {
    lines.push(`  … and ${failed.length - 50} more failing rounds`);
  }
  const status = overallStatus(report, anchor);
  lines.push('');
  lines.push(
    {
      verified: 'RESULT: VERIFIED',
      pending:
        'RESULT: VERIFIED SO FAR, SOME PENDING (no check failed; run again after the seeds are revealed)',
      failed: 'RESULT: VERIFICATION FAILED',
    }[status],
  );
  return `${lines.join('\n')}\n`;
}
