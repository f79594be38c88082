import {
  DEFAULT_SERVICES,
  DemoClusterModel,
  DemoClusterServer,
  readKarpenterManifests,
  startDemoClusterServer,
} from '@internal/demo-cluster';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import net from 'node:net';

/** Starts an in-process demo cluster API on a free loopback port. */
export async function startDemoCluster(
  options: {
    nodes?: number;
    pods?: number;
    latencyMs?: number;
    seed?: number;
    /** Karpenter NodeOverlays the cluster serves. */
    nodeOverlays?: any[];
  } = {},
): Promise<DemoClusterServer> {
  const model = new DemoClusterModel({
    ...(options.nodeOverlays
      ? {
          karpenter: {
            ...readKarpenterManifests(undefined, 'demo-test'),
            nodeOverlays: options.nodeOverlays,
          },
        }
      : {}),
    name: 'demo-test',
    nodes: options.nodes ?? 40,
    pods: options.pods,
    seed: options.seed ?? 11,
    services: DEFAULT_SERVICES,
  });
  return startDemoClusterServer({ model, latencyMs: options.latencyMs });
}

/** A loopback URL nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(r => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** A cluster entry as the `kubernetes` config would give it. */
export function clusterDetails(
  name: string,
  url: string,
  token: string,
): ClusterDetails {
  return {
    name,
    url,
    skipTLSVerify: true,
    authMetadata: {
      'kubernetes.io/auth-provider': 'serviceAccount',
      serviceAccountToken: token,
    },
  };
}
