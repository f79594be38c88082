import path from 'node:path';
import { validateRepo } from './validateRepo';
import { formatFinding, hasErrors } from './types';

/** `infra-validate [--warnings] [paths...]`: validates each path (repo root or infra/), exit 1 on errors. */
export async function main(argv: string[]): Promise<number> {
  const showWarnings = argv.includes('--warnings');
  const paths = argv.filter(a => !a.startsWith('--'));
  let failed = false;
  for (const p of paths.length ? paths : ['.']) {
    const started = process.hrtime.bigint();
    const { findings, filesChecked } = await validateRepo(path.resolve(p));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const errors = findings.filter(f => f.severity === 'error');
    const warnings = findings.filter(f => f.severity === 'warning');
    for (const f of showWarnings ? findings : errors)
      console.log(formatFinding(f));
    console.log(
      `infra-validate ${p}: ${filesChecked} files, ${errors.length} errors, ${
        warnings.length
      } warnings${showWarnings ? '' : ' (--warnings to list)'} in ${ms.toFixed(
        0,
      )} ms`,
    );
    failed ||= hasErrors(findings);
  }
  return failed ? 1 : 0;
}
