/**
 * One problem found in the infra tree.
 *
 * @public
 */
export interface Finding {
  /** File the problem is in, relative to the validated root when possible */
  file: string;
  /** 1-based line, when it could be located */
  line?: number;
  /** Field path inside the file, e.g. `spec.template.spec.requirements[0].key` or `module.vpc.cidrr` */
  path?: string;
  /** What is wrong and, where possible, what to do instead */
  message: string;
  severity: 'error' | 'warning';
}

/** @public */
export interface ValidationResult {
  findings: Finding[];
  /** Number of files looked at */
  filesChecked: number;
}

/** @public */
export function hasErrors(findings: Finding[]): boolean {
  return findings.some(f => f.severity === 'error');
}

/** Formats a finding as `file:line: severity: path: message`. @public */
export function formatFinding(f: Finding): string {
  const where = f.line ? `${f.file}:${f.line}` : f.file;
  // Messages that already start with the field do not repeat it
  const path =
    f.path && !f.message.startsWith(`${f.path}:`) ? `${f.path}: ` : '';
  return `${where}: ${f.severity}: ${path}${f.message}`;
}
