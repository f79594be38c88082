/** What-if helpers over the prices in `@internal/pricing`. */

const GRAVITON_BY_CATEGORY: Record<string, string> = {
  m: 'm7g',
  c: 'c7g',
  r: 'r7g',
};

/**
 * The Graviton instance type a workload on an x86 type would move to:
 * same category and size (m6i.2xlarge -> m7g.2xlarge). `undefined` when
 * there is no obvious equivalent (e.g. 32xlarge, which m7g lacks).
 * @public
 */
export function gravitonEquivalent(instanceType: string): string | undefined {
  const m = instanceType.match(/^([a-z])(\d+)([a-z-]*)\.(.+)$/);
  if (!m) {
    return undefined;
  }
  const target = GRAVITON_BY_CATEGORY[m[1]];
  if (!target || m[3].includes('g')) {
    return undefined;
  }
  return `${target}.${m[4]}`;
}
