import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { requireEsmOnly } from '../util/esm';

/** Validates one object; `strict` ones also need unknown-field tracking. */
export interface KindSchema {
  validate: (data: unknown) => boolean;
  /** kubernetes-models validators: open schemas, unknown fields found by tracking reads */
  tracked: boolean;
  source: string;
}

// Group-versions with schemas from kubernetes-models and its CRD packages
const MODEL_INDEXES: Array<[string, string]> = [
  ['kubernetes-models', 'v1/index.js'],
  ['kubernetes-models', 'apps/v1/index.js'],
  ['kubernetes-models', 'batch/v1/index.js'],
  ['kubernetes-models', 'autoscaling/v2/index.js'],
  ['kubernetes-models', 'networking.k8s.io/v1/index.js'],
  ['kubernetes-models', 'policy/v1/index.js'],
  ['kubernetes-models', 'rbac.authorization.k8s.io/v1/index.js'],
  ['kubernetes-models', 'scheduling.k8s.io/v1/index.js'],
  ['kubernetes-models', 'storage.k8s.io/v1/index.js'],
  ['@kubernetes-models/argo-cd', 'argoproj.io/v1alpha1/index.js'],
  ['@kubernetes-models/external-secrets', 'external-secrets.io/v1/index.js'],
  [
    '@kubernetes-models/prometheus-operator',
    'monitoring.coreos.com/v1/index.js',
  ],
];

export const KARPENTER_CRD_DIR = resolvePackagePath(
  '@internal/infra-validator',
  'schemas',
  'karpenter',
);

let registry: Map<string, KindSchema> | undefined;
let objectMeta: ((data: unknown) => boolean) | undefined;
let karpenterCrds: any[] | undefined;

/** `apiVersion kind` -> schema, for every kind the validator knows. */
export function schemaRegistry(): Map<string, KindSchema> {
  if (registry) return registry;
  // Built aside and published whole: a failure part-way must not leave a
  // half-filled registry that later reports "no schema known".
  const built = new Map<string, KindSchema>();
  for (const [pkg, file] of MODEL_INDEXES) {
    const exports = requireEsmOnly<Record<string, any>>(pkg, file);
    for (const model of Object.values(exports)) {
      if (typeof model !== 'function' || !model.apiVersion || !model.kind)
        continue;
      const validateModel = model.prototype.validate;
      built.set(`${model.apiVersion} ${model.kind}`, {
        // The model's validate() runs its schema over `this` and throws with ajv's errors
        validate: Object.assign(
          function validate(data: unknown) {
            try {
              validateModel.call(data);
              (validate as any).errors = null;
              return true;
            } catch (e: any) {
              (validate as any).errors = e?.errors ?? [
                { instancePath: '', message: String(e), params: {} },
              ];
              return false;
            }
          },
          { errors: null },
        ),
        tracked: true,
        source: `${pkg}/${path.dirname(file)}`,
      });
    }
  }
  for (const crd of loadKarpenterCrds()) {
    const { group, names, versions } = crd.spec;
    for (const version of versions) {
      if (!version.served) continue;
      const schema = closeSchema(version.schema.openAPIV3Schema);
      built.set(`${group}/${version.name} ${names.kind}`, {
        validate: crdAjv().compile(schema),
        tracked: false,
        source: `schemas/karpenter/${crd.metadata.name}`,
      });
    }
  }
  registry = built;
  return registry;
}

/** The vendored Karpenter CRD documents. */
export function loadKarpenterCrds(): any[] {
  if (!karpenterCrds) {
    karpenterCrds = fs
      .readdirSync(KARPENTER_CRD_DIR)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .flatMap(f =>
        parseAllDocuments(
          fs.readFileSync(path.join(KARPENTER_CRD_DIR, f), 'utf8'),
        ).map(d => d.toJS()),
      )
      .filter(d => d?.kind === 'CustomResourceDefinition');
  }
  return karpenterCrds;
}

/** Validator for metadata (ObjectMeta) of objects whose CRD schema leaves it open. */
export function objectMetaValidator(): (data: unknown) => boolean {
  if (!objectMeta) {
    objectMeta = requireEsmOnly(
      '@kubernetes-models/apimachinery',
      '_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta.js',
    ).validate;
  }
  return objectMeta!;
}

let ajv: Ajv | undefined;
function crdAjv(): Ajv {
  // strict: false ignores the x-kubernetes-* extensions; formats are not checked
  ajv ??= new Ajv({ allErrors: true, strict: false, validateFormats: false });
  return ajv;
}

/**
 * Makes object schemas closed (additionalProperties: false) unless they allow
 * unknown fields, as the API server prunes/rejects undeclared fields.
 */
export function closeSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'x-kubernetes-validations' || k === 'description') continue;
    out[k] = typeof v === 'object' ? closeSchema(v) : v;
  }
  if (out.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, closeSchema(v)]),
    );
  if (
    out.type === 'object' &&
    out.properties &&
    out.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}
