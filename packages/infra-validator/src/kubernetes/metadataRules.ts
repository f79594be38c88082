/**
 * Rules the API server applies to names and labels that the OpenAPI schemas
 * (and so kubernetes-models) do not carry: DNS-1123 names, label keys and
 * values, IANA port names. Same regular expressions and limits as
 * k8s.io/apimachinery/pkg/util/validation.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

// Kinds whose metadata.name must be a DNS-1123 label, not a subdomain
const LABEL_NAMED_KINDS = new Set(['Service', 'Namespace']);
// Kinds whose spec.template is a pod template (an ApplicationSet's is not)
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

/** One metadata problem, at a path inside the object. */
export interface MetadataProblem {
  path: Array<string | number>;
  message: string;
}

export function dns1123LabelError(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters`;
  if (!DNS1123_LABEL.test(value))
    return `must be a DNS-1123 label (lower case alphanumerics and '-', starting and ending with an alphanumeric)`;
  return undefined;
}

export function dns1123SubdomainError(value: string): string | undefined {
  if (value.length > 253) return `must be no more than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(value))
    return `must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', starting and ending with an alphanumeric)`;
  return undefined;
}

export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `must be no more than 63 characters`;
  if (!QUALIFIED_NAME.test(value))
    return `must be empty or alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric`;
  return undefined;
}

export function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `may contain at most one '/'`;
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefixError = dns1123SubdomainError(parts[0]);
    if (!parts[0] || prefixError) return `prefix ${prefixError ?? 'is empty'}`;
  }
  if (!name || name.length > 63) return `name must be 1 to 63 characters`;
  if (!QUALIFIED_NAME.test(name))
    return `name must be alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric`;
  return undefined;
}

function portNameError(value: string): string | undefined {
  if (value.length > 15) return `must be no more than 15 characters`;
  if (!IANA_SVC_NAME.test(value) || value.includes('--'))
    return `must be lower case alphanumerics and '-' (no '--')`;
  if (!/[a-z]/.test(value)) return `must contain at least one letter`;
  return undefined;
}

function checkLabels(
  labels: unknown,
  at: Array<string | number>,
  out: MetadataProblem[],
) {
  if (!labels || typeof labels !== 'object') return;
  for (const [key, value] of Object.entries(labels)) {
    const keyError = labelKeyError(key);
    if (keyError)
      out.push({
        path: [...at, key],
        message: `label key '${key}' ${keyError}`,
      });
    if (typeof value === 'string') {
      const valueError = labelValueError(value);
      if (valueError)
        out.push({
          path: [...at, key],
          message: `label '${key}' value '${value}' ${valueError}`,
        });
    }
  }
}

function checkPodSpec(
  spec: any,
  at: Array<string | number>,
  out: MetadataProblem[],
) {
  for (const field of ['initContainers', 'containers']) {
    const containers = spec?.[field];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: any, i: number) => {
      if (typeof c?.name === 'string') {
        const e = dns1123LabelError(c.name);
        if (e)
          out.push({
            path: [...at, field, i, 'name'],
            message: `container name '${c.name}' ${e}`,
          });
      }
      (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, j: number) => {
        if (typeof p?.name !== 'string') return;
        const e = portNameError(p.name);
        if (e)
          out.push({
            path: [...at, field, i, 'ports', j, 'name'],
            message: `port name '${p.name}' ${e}`,
          });
      });
    });
  }
}

/** Name, label and port-name rules for one object. */
export function checkObjectMetadata(object: any): MetadataProblem[] {
  const out: MetadataProblem[] = [];
  const name = object?.metadata?.name;
  if (typeof name === 'string') {
    const e = LABEL_NAMED_KINDS.has(object.kind)
      ? dns1123LabelError(name)
      : dns1123SubdomainError(name);
    if (e)
      out.push({ path: ['metadata', 'name'], message: `name '${name}' ${e}` });
  }
  const namespace = object?.metadata?.namespace;
  if (typeof namespace === 'string') {
    const e = dns1123LabelError(namespace);
    if (e)
      out.push({
        path: ['metadata', 'namespace'],
        message: `namespace '${namespace}' ${e}`,
      });
  }
  checkLabels(object?.metadata?.labels, ['metadata', 'labels'], out);

  const spec = object?.spec;
  if (object?.kind === 'Service')
    checkLabels(spec?.selector, ['spec', 'selector'], out);
  if (object?.kind === 'Pod') checkPodSpec(spec, ['spec'], out);
  if (WORKLOAD_KINDS.has(object?.kind)) {
    checkLabels(
      spec?.selector?.matchLabels,
      ['spec', 'selector', 'matchLabels'],
      out,
    );
    checkLabels(
      spec?.template?.metadata?.labels,
      ['spec', 'template', 'metadata', 'labels'],
      out,
    );
    checkPodSpec(spec?.template?.spec, ['spec', 'template', 'spec'], out);
  }
  if (object?.kind === 'Service' && Array.isArray(spec?.ports)) {
    spec.ports.forEach((p: any, i: number) => {
      if (typeof p?.name !== 'string') return;
      const e = dns1123LabelError(p.name);
      if (e)
        out.push({
          path: ['spec', 'ports', i, 'name'],
          message: `port name '${p.name}' ${e}`,
        });
    });
  }
  return out;
}
