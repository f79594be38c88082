/*
 * Runs the demo cluster API in the foreground (scripts/services/demo-cluster.sh).
 *
 *   DEMO_CLUSTER_PORT (6443)   DEMO_CLUSTER_HOST (127.0.0.1)
 *   DEMO_CLUSTER_NAME (demo-eks-dev)   DEMO_CLUSTER_NODES (300)
 *   DEMO_CLUSTER_PODS (20 per node)    DEMO_CLUSTER_SEED (20261127)
 *   DEMO_CLUSTER_CHURN_SECONDS (60)    DEMO_CLUSTER_TOKEN (demo-cluster-token)
 *   DEMO_CLUSTER_CHURN_PER_SECOND (0.5; live object changes per second seen
 *     by watches: pods rescheduled, scale-ups, consolidations, spot
 *     interruptions; 0 = off)
 *   DEMO_CLUSTER_CATALOG_DIR (catalog/ of the repository)
 *   DEMO_CLUSTER_KARPENTER_DIR (infra/kubernetes/karpenter of the repository)
 *   DEMO_CLUSTER_GITOPS_REPO ($PORTAL_DATA_DIR/git/casino-platform.git, the
 *     local clone the deploy template pushes to)
 *   DEMO_CLUSTER_GITOPS_BRANCH (main)   DEMO_CLUSTER_GITOPS_SECONDS (2, 0 = off)
 */
import path from 'node:path';
import { chartRendererBinary } from '@internal/chart-render';
import { readCatalogServices } from './catalog';
import { watchGitOps } from './gitops';
import { readKarpenterManifests } from './nodePools';
import { DemoClusterModel } from './model';
import { DEFAULT_DEMO_TOKENS, startDemoClusterServer } from './server';
import { demoNodeOverlays } from './nodeOverlays';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  }
  return value;
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 10_000) {
    throw new Error(`${name} must be a number from 0 to 10000, got '${raw}'`);
  }
  return value;
}

// Runs from source (never built), so the repository is two levels up.
// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '../../..');

async function main() {
  const nodes = intFromEnv('DEMO_CLUSTER_NODES', 300);
  const name = process.env.DEMO_CLUSTER_NAME || 'demo-eks-dev';
  const catalogDir =
    process.env.DEMO_CLUSTER_CATALOG_DIR ?? path.join(REPO_ROOT, 'catalog');
  const services = readCatalogServices(catalogDir);
  const started = Date.now();
  const model = new DemoClusterModel({
    name,
    nodes,
    pods: intFromEnv('DEMO_CLUSTER_PODS', nodes * 20),
    seed: intFromEnv('DEMO_CLUSTER_SEED', 20261127),
    services,
    karpenter: {
      ...readKarpenterManifests(
        process.env.DEMO_CLUSTER_KARPENTER_DIR ??
          path.join(REPO_ROOT, 'infra/kubernetes/karpenter'),
        name,
      ),
      nodeOverlays: demoNodeOverlays(),
    },
  });
  const tokens = { ...DEFAULT_DEMO_TOKENS };
  if (process.env.DEMO_CLUSTER_TOKEN) {
    delete tokens['demo-cluster-token'];
    tokens[process.env.DEMO_CLUSTER_TOKEN] = 'admin';
  }
  const server = await startDemoClusterServer({
    model,
    host: process.env.DEMO_CLUSTER_HOST || '127.0.0.1',
    port: intFromEnv('DEMO_CLUSTER_PORT', 6443),
    churnIntervalMs: intFromEnv('DEMO_CLUSTER_CHURN_SECONDS', 60) * 1000,
    churnPerSecond: numberFromEnv('DEMO_CLUSTER_CHURN_PER_SECOND', 0.5),
    tokens,
  });
  const state = model.current();
  console.log(
    `demo cluster '${name}' listening on ${server.url}: ${
      state.collections.get('core/nodes')!.length
    } nodes, ` +
      `${state.collections.get('core/pods')!.length} pods, services ${services
        .map(s => s.kubernetesId)
        .join(', ')} (generated in ${Date.now() - started} ms)`,
  );
  const gitopsSeconds = intFromEnv('DEMO_CLUSTER_GITOPS_SECONDS', 2);
  if (gitopsSeconds > 0) {
    // Builds the chart renderer now (once per Go source; ~20 s cold), not
    // in the middle of the first deployment.
    try {
      chartRendererBinary();
    } catch (e) {
      console.warn(
        `GitOps releases will not run: ${e instanceof Error ? e.message : e}`,
      );
    }
  }
  const gitops =
    gitopsSeconds > 0
      ? watchGitOps({
          gitDir:
            process.env.DEMO_CLUSTER_GITOPS_REPO ||
            path.resolve(
              process.env.PORTAL_DATA_DIR || path.join(REPO_ROOT, 'data'),
              'git/casino-platform.git',
            ),
          baseBranch: process.env.DEMO_CLUSTER_GITOPS_BRANCH || 'main',
          intervalMs: gitopsSeconds * 1000,
          onReleases: (releases, errors) => {
            model.setReleases(releases);
            console.log(
              `GitOps tree read: running ${
                releases
                  .map(r => `${r.application} (${r.branch})`)
                  .join(', ') || 'no releases'
              }`,
            );
            for (const e of errors) {
              console.warn(`GitOps release not rendered: ${e}`);
            }
          },
          onError: e => console.warn(`Reading the GitOps tree failed: ${e}`),
        })
      : undefined;
  const stop = () => {
    gitops?.stop();
    server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
