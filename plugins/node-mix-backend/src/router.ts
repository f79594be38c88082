import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  HISTORY_WINDOWS,
  nodeMixClusterReadPermission,
  nodeMixClusterRefreshPermission,
} from '@internal/plugin-node-mix-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FleetBuilder } from './service/fleet';
import { NodeMixReader } from './service/NodeMixReader';

const clusterParams = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/, 'must be a cluster name'),
});
// A node name is a DNS-1123 subdomain; so is a NodeClaim's.
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const nodeParams = clusterParams.extend({
  node: z
    .string()
    .max(253)
    .regex(DNS_SUBDOMAIN, 'must be a node name (DNS-1123 subdomain)'),
});
const nodePoolParams = clusterParams.extend({
  pool: z
    .string()
    .max(253)
    .regex(DNS_SUBDOMAIN, 'must be a NodePool name (DNS-1123 subdomain)'),
});
const nodeQuery = z
  .object({
    nodeClaim: z
      .string()
      .max(253)
      .regex(DNS_SUBDOMAIN, 'must be a NodeClaim name (DNS-1123 subdomain)')
      .optional(),
  })
  .strict();
// A label value: what the backstage.io/kubernetes-id label can hold.
const workloadParams = clusterParams.extend({
  kubernetesId: z
    .string()
    .max(63)
    .regex(
      /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
      'must be a label value (backstage.io/kubernetes-id)',
    ),
});
const historyQuery = z
  .object({ window: z.enum(HISTORY_WINDOWS).default('24h') })
  .strict();

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${where} '${issue.path.join('.') || '?'}': ${issue.message}`,
    );
  }
  return result.data;
}

/** HTTP API of the node-mix plugin: it reads only ({@link NodeMixReader}). */
export async function createRouter(options: {
  reader: NodeMixReader;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  fleet?: FleetBuilder;
}): Promise<express.Router> {
  const { reader, httpAuth, permissions } = options;
  const fleet = options.fleet ?? new FleetBuilder(reader);
  // No body parser: no route reads a body, so none is parsed or echoed back.
  const router = Router();

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  };
  const sendJson = (res: express.Response, body: string) => {
    res.type('application/json').send(body);
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/clusters', async (req, res) => {
    await authorize(req, nodeMixClusterReadPermission);
    res.json({ items: reader.listClusters() });
  });

  // Every cluster with its headline and warnings; one failing cluster shows
  // its error in its own entry.
  router.get('/fleet', async (req, res) => {
    await authorize(req, nodeMixClusterReadPermission);
    res.json(fleet.build());
  });

  router.get('/clusters/:name', async (req, res) => {
    const { name } = parse(clusterParams, req.params, 'path parameter');
    await authorize(req, nodeMixClusterReadPermission);
    sendJson(res, reader.getClusterJson(name));
  });

  router.get('/clusters/:name/nodes', async (req, res) => {
    const { name } = parse(clusterParams, req.params, 'path parameter');
    await authorize(req, nodeMixClusterReadPermission);
    if (req.acceptsEncodings('gzip')) {
      // Read first: a 404 must not go out under a gzip Content-Encoding.
      const body = await reader.getNodesGzip(name);
      res.set({
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Encoding': 'gzip',
        Vary: 'Accept-Encoding',
      });
      res.send(body);
    } else {
      sendJson(res, reader.getNodesJson(name));
    }
  });

  // One node read live for the node drawer (taints, conditions, pods,
  // NodeClaim): bounded to one node by field selectors.
  router.get('/clusters/:name/nodes/:node', async (req, res) => {
    const { name, node } = parse(nodeParams, req.params, 'path parameter');
    const { nodeClaim } = parse(nodeQuery, req.query, 'query parameter');
    await authorize(req, nodeMixClusterReadPermission);
    res.json(await reader.getNodeDetail(name, node, nodeClaim));
  });

  // One NodePool: nodes, cost, limits, budgets, NodeClaims, and Karpenter's
  // events beside the portal's reasons.
  router.get('/clusters/:name/nodepools/:pool', async (req, res) => {
    const { name, pool } = parse(nodePoolParams, req.params, 'path parameter');
    await authorize(req, nodeMixClusterReadPermission);
    res.json(await reader.getNodePoolDetail(name, pool));
  });

  // A component's pods with their nodes' arch and capacity type, for the
  // component's pod placement card.
  router.get(
    '/clusters/:name/workloads/:kubernetesId/pods',
    async (req, res) => {
      const { name, kubernetesId } = parse(
        workloadParams,
        req.params,
        'path parameter',
      );
      await authorize(req, nodeMixClusterReadPermission);
      res.json(await reader.getWorkloadPods(name, kubernetesId));
    },
  );

  router.get('/clusters/:name/history', async (req, res) => {
    const { name } = parse(clusterParams, req.params, 'path parameter');
    const { window } = parse(historyQuery, req.query, 'query parameter');
    await authorize(req, nodeMixClusterReadPermission);
    res.json(await reader.getHistory(name, window));
  });

  // Priced nodes and pod requests for the cost plugin, which calls with its
  // own service credentials (node-mix-node); users may read it like /nodes.
  router.get('/clusters/:name/cost-input', async (req, res) => {
    const { name } = parse(clusterParams, req.params, 'path parameter');
    await authorize(req, nodeMixClusterReadPermission);
    res.json(await reader.getCostInput(name));
  });

  // The prices node-mix uses, with their sources and dates: read by the
  // scaffolder's NodePool estimate with its own service token (node-mix-node).
  router.get('/prices', async (req, res) => {
    await authorize(req, nodeMixClusterReadPermission);
    res.json(reader.getPricing());
  });

  // Lists the cluster now: the reader hands this to the poller, which joins
  // a refresh already under way.
  router.post('/clusters/:name/refresh', async (req, res) => {
    const { name } = parse(clusterParams, req.params, 'path parameter');
    await authorize(req, nodeMixClusterRefreshPermission);
    await reader.refresh(name);
    sendJson(res, reader.getClusterJson(name));
  });

  return router;
}
