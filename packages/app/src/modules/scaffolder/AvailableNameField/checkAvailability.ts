import { CatalogApi } from '@backstage/plugin-catalog-react';
import { NodeMixApi } from '@internal/plugin-node-mix';
import { checkName, NameCheck } from './checkName';
import { checkNodePoolName } from './checkNodePoolName';

/** `ui:options` of the AvailableName field. */
export interface AvailableNameOptions {
  /**
   * Where names are taken: catalog entities (default), or the Karpenter
   * NodePools of the clusters node-mix follows.
   */
  source?: 'catalog' | 'nodePools';
  /** Kind of the entity the template creates (default Component). */
  kind?: string;
  /**
   * The entity's name when it is not the typed name: `{value}` is the typed
   * name, `{<field>}` another field of the form, e.g.
   * `chain-node-{value}-{environment}`.
   */
  entityName?: string;
}

/** The APIs the sources need; an absent one makes the check `unknown`. */
export interface NameApis {
  catalogApi?: Pick<CatalogApi, 'getEntityByRef'>;
  nodeMixApi?: Pick<NodeMixApi, 'listClusters' | 'getCluster'>;
}

/** The form fields (other than the typed name) an entity name is made of. */
export function entityNameFields(template: string | undefined): string[] {
  return [...(template ?? '').matchAll(/\{([A-Za-z0-9_]+)\}/g)]
    .map(m => m[1])
    .filter(key => key !== 'value');
}

/**
 * The entity name for `template` with the typed name and the form's other
 * fields, or undefined while a field it names is empty.
 */
export function fillEntityName(
  template: string,
  value: string,
  formData: Record<string, unknown> = {},
): string | undefined {
  let complete = true;
  const name = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, key: string) => {
    const v = key === 'value' ? value : formData[key];
    if (typeof v !== 'string' || !v) complete = false;
    return String(v ?? '');
  });
  return complete ? name : undefined;
}

/** Whether `name` is free where the field's options say names are taken. */
export async function checkAvailability(
  apis: NameApis,
  name: string,
  options: AvailableNameOptions = {},
  formData: Record<string, unknown> = {},
): Promise<NameCheck> {
  const unreachable = (what: string): NameCheck => ({
    state: 'unknown',
    message: `Could not ask ${what} whether '${name}' is free; the task checks it again before writing anything.`,
  });
  if (options.source === 'nodePools') {
    if (!apis.nodeMixApi) return unreachable('the clusters');
    return checkNodePoolName(apis.nodeMixApi, name);
  }
  if (!apis.catalogApi) return unreachable('the catalog');
  const entityName = options.entityName
    ? fillEntityName(options.entityName, name, formData)
    : name;
  if (entityName === undefined) return { state: 'invalid' };
  return checkName(
    apis.catalogApi,
    name,
    options.kind ?? 'Component',
    entityName,
  );
}
