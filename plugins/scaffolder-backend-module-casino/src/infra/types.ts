/**
 * The infra validator's result, as this module uses it (structurally the
 * `ValidationResult` of `@internal/infra-validator`).
 *
 * @internal
 */
export interface InfraFinding {
  file: string;
  line?: number;
  path?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** @internal */
export interface InfraValidationResult {
  findings: InfraFinding[];
  filesChecked: number;
}

/** Validates a repository root that holds an `infra/` tree. @internal */
export type InfraTreeValidator = (
  repoRoot: string,
) => Promise<InfraValidationResult>;

/** `file:line: severity: path: message` @internal */
export function formatInfraFinding(f: InfraFinding): string {
  const where = f.line ? `${f.file}:${f.line}` : f.file;
  return `${where}: ${f.severity}: ${f.path ? `${f.path}: ` : ''}${f.message}`;
}
