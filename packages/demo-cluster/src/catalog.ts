import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A catalog service that has pods in the demo cluster. */
export interface DemoService {
  /** The `backstage.io/kubernetes-id` annotation value. */
  kubernetesId: string;
  namespace: string;
}

/** Used when no catalog directory is given or it names no services. */
export const DEFAULT_SERVICES: DemoService[] = [
  { kubernetesId: 'example-api', namespace: 'casino-gaming' },
  { kubernetesId: 'hello-world', namespace: 'casino-platform' },
  { kubernetesId: 'game-dice', namespace: 'casino-gaming' },
  { kubernetesId: 'wallet', namespace: 'casino-gaming' },
  { kubernetesId: 'chain-gateway', namespace: 'casino-blockchain' },
  { kubernetesId: 'chain-listener', namespace: 'casino-blockchain' },
  { kubernetesId: 'payout-worker', namespace: 'casino-gaming' },
];

/**
 * Reads the components with a `backstage.io/kubernetes-id` annotation from
 * the portal's catalog files, so the demo cluster runs exactly the services
 * the Kubernetes tab will look for. The namespace is the component's system.
 */
export function readCatalogServices(catalogDir: string): DemoService[] {
  if (!fs.existsSync(catalogDir)) {
    return DEFAULT_SERVICES;
  }
  const services: DemoService[] = [];
  const files = fs
    .readdirSync(catalogDir)
    .filter(f => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const file of files) {
    const text = fs.readFileSync(path.join(catalogDir, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const entity = doc.toJSON() as any;
      const id = entity?.metadata?.annotations?.['backstage.io/kubernetes-id'];
      if (entity?.kind === 'Component' && typeof id === 'string' && id) {
        const system = entity.spec?.system;
        services.push({
          kubernetesId: id,
          namespace: typeof system === 'string' ? system : 'default',
        });
      }
    }
  }
  return services.length > 0 ? services : DEFAULT_SERVICES;
}
