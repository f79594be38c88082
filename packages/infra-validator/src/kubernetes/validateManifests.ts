import path from 'node:path';
import { Finding } from '../types';
import { displayPath } from '../util/files';
import { formatPath, parseYamlFile, YamlDoc } from '../util/yamlDocs';
import {
  checkKarpenterFolderFile,
  checkNodePoolRequirements,
  isKarpenterFolderFile,
} from './karpenterRules';
import { objectMetaValidator, schemaRegistry } from './schemaRegistry';
import { validateWithFieldTracking } from './strictFields';
import { checkObjectMetadata } from './metadataRules';
import { checkCelRules } from './celRules';
import { describeAjvError } from '../helm/ajvMessages';

/** An object to validate, with where it came from. @public */
export interface ManifestInput {
  object: unknown;
  file: string;
  /** Maps a field path to its line, when the object came from a YAML file */
  lineOf?: (path: Array<string | number>) => number | undefined;
}

/** @public */
export interface ManifestValidationOptions {
  baseDir?: string;
  /** Report kinds without a known schema as errors rather than warnings */
  requireKnownKinds?: boolean;
}

/**
 * Validates Kubernetes manifests (YAML files, or objects) against the
 * Kubernetes OpenAPI schemas (kubernetes-models) and the vendored Karpenter v1
 * CRDs, rejecting unknown fields as `kubectl apply` does.
 *
 * @public
 */
export function validateManifests(
  inputs: Array<string | ManifestInput>,
  options: ManifestValidationOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const input of inputs) {
    if (typeof input === 'string') {
      const shown = displayPath(input, options.baseDir);
      const { docs, findings: syntax } = parseYamlFile(input, shown);
      findings.push(...syntax);
      if (!syntax.length && isKarpenterFolderFile(input)) {
        for (const message of checkKarpenterFolderFile(
          path.basename(input),
          docs.map(d => d.value),
        ))
          findings.push({ file: shown, message, severity: 'error' });
      }
      for (const doc of docs)
        findings.push(...validateObject(docInput(doc, shown), options));
    } else {
      findings.push(...validateObject(input, options));
    }
  }
  return findings;
}

function docInput(doc: YamlDoc, file: string): ManifestInput {
  return { object: doc.value, file, lineOf: doc.lineOf };
}

function validateObject(
  input: ManifestInput,
  options: ManifestValidationOptions,
): Finding[] {
  const { object, file } = input;
  const lineOf = input.lineOf ?? (() => undefined);
  const at = (
    p: Array<string | number>,
    message: string,
    severity: Finding['severity'] = 'error',
  ): Finding => ({
    file,
    line: lineOf(p),
    path: p.length ? formatPath(p) : undefined,
    message,
    severity,
  });

  if (!object || typeof object !== 'object' || Array.isArray(object)) {
    return [
      at(
        [],
        'Not a Kubernetes object (expected a mapping with apiVersion and kind)',
      ),
    ];
  }
  const { apiVersion, kind } = object as {
    apiVersion?: unknown;
    kind?: unknown;
  };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [
      at([], 'Not a Kubernetes object: apiVersion and kind are required'),
    ];
  }
  const name = (object as any).metadata?.name ?? '<unnamed>';
  const label = `${kind} '${name}'`;
  const schema = schemaRegistry().get(`${apiVersion} ${kind}`);
  if (!schema) {
    const sameKind = [...schemaRegistry().keys()]
      .filter(k => k.endsWith(` ${kind}`))
      .map(k => k.split(' ')[0]);
    return [
      at(
        ['apiVersion'],
        sameKind.length
          ? `${label}: no schema for ${apiVersion}; ${kind} is served as ${sameKind.join(
              ', ',
            )}`
          : `${label}: no schema known for ${apiVersion} ${kind}`,
        sameKind.length || options.requireKnownKinds ? 'error' : 'warning',
      ),
    ];
  }

  const findings: Finding[] = [];
  const { errors, unknownFields } = schema.tracked
    ? validateWithFieldTracking(schema.validate, object)
    : runPlain(schema.validate, object);
  const seen = new Set<string>();
  for (const err of errors) {
    const { path: p, message } = describeAjvError(err, object);
    const key = `${formatPath(p)}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(at(p, `${label}: ${message}`));
  }
  for (const u of unknownFields) {
    findings.push(
      at([...u.path, u.field], `${label}: unknown field '${u.field}'`),
    );
  }
  if (!schema.tracked && (object as any).metadata) {
    const meta = validateWithFieldTracking(
      objectMetaValidator(),
      (object as any).metadata,
    );
    for (const err of meta.errors) {
      const { path: p, message } = describeAjvError(
        err,
        (object as any).metadata,
      );
      findings.push(at(['metadata', ...p], `${label}: ${message}`));
    }
    for (const u of meta.unknownFields) {
      findings.push(
        at(
          ['metadata', ...u.path, u.field],
          `${label}: unknown field '${u.field}'`,
        ),
      );
    }
  }
  for (const p of checkObjectMetadata(object))
    findings.push(at(p.path, `${label}: ${p.message}`));
  // The CRDs' own CEL rules; a rule that cannot run on an object the schema
  // already refuses adds nothing
  const schemaAccepted = !findings.length;
  for (const p of checkCelRules(object))
    if (schemaAccepted || !p.evaluationError)
      findings.push(at(p.path, `${label}: ${p.message}`));
  if (apiVersion === 'karpenter.sh/v1' && kind === 'NodePool') {
    const reqPath = ['spec', 'template', 'spec', 'requirements'];
    for (const p of checkNodePoolRequirements(
      (object as any).spec?.template?.spec?.requirements,
    )) {
      findings.push(
        at([...reqPath, p.index, p.field], `${label}: ${p.message}`),
      );
    }
  }
  return findings;
}

function runPlain(validate: (d: unknown) => boolean, data: unknown) {
  const ok = validate(data);
  return {
    ok,
    errors: ok ? [] : ((validate as any).errors as any[]) ?? [],
    unknownFields: [],
  };
}

/** True for files whose YAML documents are manifests (by location in the infra tree). */
export function isManifestPath(file: string): boolean {
  const parts = file.split(path.sep);
  return parts.includes('kubernetes') || parts.includes('argocd');
}
