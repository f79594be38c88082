import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';

/** An entity read from a catalog file, with where it came from. */
export type CatalogFileEntity = { file: string; entity: Entity };

/**
 * Reads every entity reachable from a Location file, following `spec.target`
 * and `spec.targets` of Location entities (relative paths, like the catalog's
 * file locations do).
 */
export function readCatalogTree(locationFile: string): CatalogFileEntity[] {
  const seen = new Set<string>();
  const out: CatalogFileEntity[] = [];
  const visit = (file: string) => {
    const abs = path.resolve(file);
    if (seen.has(abs)) return;
    seen.add(abs);
    if (!fs.existsSync(abs)) {
      throw new Error(`Catalog location target '${abs}' does not exist`);
    }
    for (const doc of parseAllDocuments(fs.readFileSync(abs, 'utf8'))) {
      if (doc.errors.length) {
        throw new Error(`${abs}: ${doc.errors[0].message}`);
      }
      const entity = doc.toJS() as Entity | null;
      if (!entity) continue;
      out.push({ file: abs, entity });
      if (entity.kind === 'Location') {
        const spec = (entity.spec ?? {}) as {
          target?: string;
          targets?: string[];
        };
        for (const t of [spec.target, ...(spec.targets ?? [])]) {
          if (t && !/^[a-z]+:\/\//.test(t))
            visit(path.resolve(path.dirname(abs), t));
        }
      }
    }
  };
  visit(locationFile);
  return out;
}

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  templateEntityV1beta3Validator,
];

/**
 * Validates one entity the way the catalog backend does (entity policies,
 * then the kind's own schema). Returns the problems, empty when valid.
 */
export async function validateEntity(entity: Entity): Promise<string[]> {
  try {
    const result = await policy.enforce(entity);
    if (!result) return ['rejected by entity policy'];
    for (const validator of kindValidators) {
      if (await validator.check(entity)) return [];
    }
    return [`no validator accepts kind '${entity.apiVersion}/${entity.kind}'`];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** Relation fields and the kind a bare reference in them defaults to. */
const RELATION_FIELDS: Record<string, string> = {
  owner: 'group',
  system: 'system',
  domain: 'domain',
  parent: 'group',
  children: 'group',
  memberOf: 'group',
  dependsOn: 'component',
  dependencyOf: 'component',
  providesApis: 'api',
  consumesApis: 'api',
  subcomponentOf: 'component',
};

/** A relation field holds one reference or a list of them; absent is none. */
function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value ? [value] : [];
}

/**
 * Lists the relation references (owner, system, dependsOn, ...) that point at
 * no entity in the given set: a catalog graph with holes in it.
 */
export function findDanglingRefs(entities: CatalogFileEntity[]): string[] {
  const known = new Set(entities.map(e => stringifyEntityRef(e.entity)));
  const problems: string[] = [];
  for (const { entity } of entities) {
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    for (const [field, defaultKind] of Object.entries(RELATION_FIELDS)) {
      for (const ref of asArray(spec[field])) {
        if (typeof ref !== 'string') continue;
        const target = stringifyEntityRef(parseEntityRef(ref, { defaultKind }));
        if (!known.has(target)) {
          problems.push(
            `${stringifyEntityRef(
              entity,
            )} spec.${field} -> '${target}' is not in the catalog`,
          );
        }
      }
    }
  }
  return problems;
}
