import Ajv, { ValidateFunction } from 'ajv';
import fs from 'node:fs';
import { Finding } from '../types';
import { formatPath } from '../util/yamlDocs';
import { describeAjvError } from './ajvMessages';

/** @public */
export interface ChartValuesOptions {
  /** File the values came from, for findings */
  file?: string;
  /** Maps a field path to its line in `file` */
  lineOf?: (path: Array<string | number>) => number | undefined;
}

const compiled = new Map<string, ValidateFunction>();

function compileSchema(schemaPath: string): ValidateFunction {
  let v = compiled.get(schemaPath);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    v = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
    compiled.set(schemaPath, v);
  }
  return v;
}

/**
 * Validates chart values against the chart's values.schema.json (as `helm
 * lint`/`helm install` would), with one finding per problem naming the field.
 *
 * @public
 */
export function validateChartValues(
  values: unknown,
  schemaPath: string,
  options: ChartValuesOptions = {},
): Finding[] {
  const validate = compileSchema(schemaPath);
  if (validate(values)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    if (err.keyword === 'if') continue; // the failing "then" is reported itself
    const { path, message } = describeAjvError(err, values);
    const field = formatPath(path);
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      file: options.file ?? '<values>',
      line: options.lineOf?.(path),
      path: field || undefined,
      message: field ? `${field}: ${message}` : message,
      severity: 'error',
    });
  }
  return findings;
}

/** Merges values files the way Helm does: maps merge, everything else replaces, null deletes. */
export function mergeValues(base: unknown, override: unknown): unknown {
  if (!isMap(base) || !isMap(override))
    return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else out[k] = mergeValues(out[k], v);
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
