import { ErrorObject } from 'ajv';
import { pointerToPath } from '../util/yamlDocs';

function valueAt(root: unknown, p: Array<string | number>): unknown {
  let v: any = root;
  for (const k of p) v = v === null || v === undefined ? undefined : v[k];
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Turns an ajv error into a field path and a message a person can act on,
 * e.g. `must be one of amd64, arm64, multi (got "sparc")`.
 */
export function describeAjvError(
  err: Partial<ErrorObject> & { instancePath?: string },
  root: unknown,
): { path: Array<string | number>; message: string } {
  const p = pointerToPath(err.instancePath ?? '');
  const params: any = err.params ?? {};
  const got = () => describeValue(valueAt(root, p));
  switch (err.keyword) {
    case 'additionalProperties':
      return {
        path: [...p, params.additionalProperty],
        message: `unknown field '${params.additionalProperty}'`,
      };
    case 'required':
      return {
        path: p,
        message: `missing required field '${params.missingProperty}'`,
      };
    case 'enum':
      return {
        path: p,
        message: `must be one of ${params.allowedValues.join(
          ', ',
        )} (got ${got()})`,
      };
    case 'const':
      return {
        path: p,
        message: `must be ${describeValue(params.allowedValue)} (got ${got()})`,
      };
    case 'type':
      return {
        path: p,
        message: `must be ${[]
          .concat(params.type)
          .join(' or ')} (got ${got()})`,
      };
    case 'pattern':
      return {
        path: p,
        message: `must match ${params.pattern} (got ${got()})`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path: p,
        message: `must be ${params.comparison} ${params.limit} (got ${got()})`,
      };
    case 'minLength':
      return {
        path: p,
        message:
          params.limit === 1
            ? `must not be empty`
            : `must be at least ${params.limit} characters (got ${got()})`,
      };
    default:
      return {
        path: p,
        message: `${err.message ?? 'is invalid'}${
          err.keyword === 'exception' ? '' : ` (got ${got()})`
        }`,
      };
  }
}
