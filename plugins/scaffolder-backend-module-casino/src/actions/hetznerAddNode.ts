import fs from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Document, isMap, parseDocument, Scalar } from 'yaml';
import { knownServerTypes } from '../cost/estimate';
import { workspaceChild } from './util';
import {
  CLIENTS_BY_CHAIN,
  needsQuotes,
  readClientPins,
  VOLUME_BY_CHAIN,
} from './chainNodeRules';

const CATALOG_FILE = 'infra/catalog-info.yaml';
const LOCATIONS = ['fsn1', 'nbg1', 'hel1'];
const NODE_KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/**
 * `casino:hetzner:add-node`: appends one chain node to
 * `infra/terragrunt/envs/<environment>/hetzner-nodes/nodes.yaml`, keeping
 * the file's comments and order, with the client's pinned version and the
 * chain's volume size unless given, and its `chain-node` Resource to
 * `infra/catalog-info.yaml` (a location of the portal's own catalog, so the
 * node is listed in Chain nodes once the change is merged). Refuses names,
 * chains, clients, server types, locations and volume sizes the
 * hetzner-nodes module or the chain would reject.
 *
 * @internal
 */
export function createHetznerAddNodeAction() {
  return createTemplateAction({
    id: 'casino:hetzner:add-node',
    description:
      "Adds a chain node entry to an environment's Terragrunt nodes.yaml (read from basePath, written to outPath)",
    supportsDryRun: true,
    schema: {
      input: {
        basePath: z =>
          z.string({
            description:
              'Workspace folder with the current repository files (holds infra/)',
          }),
        outPath: z =>
          z.string({
            description:
              'Workspace folder the changed nodes.yaml is written to',
          }),
        environment: z => z.string(),
        name: z =>
          z.string({
            description:
              'Node key, e.g. ethereum-3; the server is <name>-<environment>',
          }),
        chain: z => z.string(),
        client: z => z.string().optional(),
        clientVersion: z => z.string().optional(),
        serverType: z => z.string(),
        location: z => z.string(),
        volumeSizeGb: z =>
          z
            .number({
              description:
                "Chain data volume in GB; the chain's size when left out",
            })
            .int()
            .optional(),
      },
      output: {
        file: z =>
          z.string({
            description: 'Repository path of the changed nodes.yaml',
          }),
        serverName: z => z.string(),
        clientVersion: z => z.string(),
        volumeSizeGb: z => z.number(),
        catalogFile: z =>
          z.string({
            description: "Repository path of the node's catalog Resource",
          }),
        entityRef: z => z.string(),
      },
    },
    async handler(ctx) {
      const i = ctx.input;
      if (!NODE_KEY.test(i.name)) {
        throw new InputError(
          `name '${i.name}' must be 2-32 lowercase letters, digits or '-', starting with a letter (it becomes the server name)`,
        );
      }
      const clients = CLIENTS_BY_CHAIN[i.chain];
      if (!clients) {
        throw new InputError(
          `chain '${i.chain}' is unknown; use one of ${Object.keys(
            CLIENTS_BY_CHAIN,
          ).join(', ')}`,
        );
      }
      const client = i.client || clients[0];
      if (!clients.includes(client)) {
        throw new InputError(
          `client '${client}' cannot run chain '${
            i.chain
          }'; use one of ${clients.join(', ')}`,
        );
      }
      if (i.clientVersion && !/^\d+\.\d+\.\d+$/.test(i.clientVersion)) {
        throw new InputError(
          `clientVersion '${i.clientVersion}' must be an exact release such as 1.16.7`,
        );
      }
      if (!knownServerTypes().includes(i.serverType)) {
        throw new InputError(
          `serverType '${
            i.serverType
          }' is not a known Hetzner server type; use one of ${knownServerTypes().join(
            ', ',
          )}`,
        );
      }
      if (!LOCATIONS.includes(i.location)) {
        throw new InputError(
          `location '${
            i.location
          }' is not in the eu-central network zone; use one of ${LOCATIONS.join(
            ', ',
          )}`,
        );
      }
      const volume = VOLUME_BY_CHAIN[i.chain];
      const volumeSizeGb = i.volumeSizeGb ?? volume.defaultGb;
      if (volumeSizeGb < volume.minimumGb || volumeSizeGb > 10240) {
        throw new InputError(
          `volumeSizeGb ${volumeSizeGb} must be between ${volume.minimumGb} and 10240 for a ${i.chain} node: a full node of ${volume.network} needs at least ${volume.minimumGb} GB`,
        );
      }

      const file = `infra/terragrunt/envs/${i.environment}/hetzner-nodes/nodes.yaml`;
      const base = workspaceChild(ctx, i.basePath, 'basePath');
      const envDir = path.join(base, 'infra/terragrunt/envs', i.environment);
      if (!/^[a-z0-9-]+$/.test(i.environment) || !(await isDir(envDir))) {
        throw new InputError(
          `environment '${i.environment}' has no folder infra/terragrunt/envs/${i.environment} in the infra repository`,
        );
      }
      let text = '';
      try {
        text = await fs.readFile(path.join(base, file), 'utf8');
      } catch {
        throw new InputError(
          `environment '${i.environment}' has no ${file} to add chain nodes to`,
        );
      }
      const doc = parseDocument(text);
      if (doc.errors.length) {
        throw new InputError(
          `${file} is not valid YAML: ${doc.errors[0].message}`,
        );
      }
      if (doc.contents === null) doc.contents = doc.createNode({}) as any;
      if (!isMap(doc.contents)) {
        throw new InputError(`${file} must be a map of node name to node`);
      }
      if (doc.has(i.name)) {
        throw new ConflictError(
          `name '${i.name}' is already a chain node in ${file}; choose another name`,
        );
      }
      const nodes = (doc.toJS() ?? {}) as Record<string, { chain?: string }>;
      const sameChain = Object.values(nodes).filter(
        n => n?.chain === i.chain,
      ).length;
      if (sameChain >= 10) {
        throw new InputError(
          `chain '${i.chain}' already has ${sameChain} nodes in ${i.environment}; a spread placement group holds at most 10`,
        );
      }
      const pins = await readClientPins(base);
      const clientVersion = i.clientVersion || pins[client];
      if (!clientVersion) {
        throw new InputError(
          `client '${client}' has no pinned version in client_versions of the hetzner-nodes module; set clientVersion`,
        );
      }
      // Quoted so that Terraform's yamldecode keeps strings strings: a
      // version like 1.20 would become a number, a key like `on` a boolean
      const quoted = (v: string) => {
        const scalar = new Scalar(v);
        scalar.type = Scalar.QUOTE_DOUBLE;
        return scalar;
      };
      const node = doc.createNode({
        chain: i.chain,
        client,
        client_version: quoted(clientVersion),
        server_type: i.serverType,
        location: i.location,
        volume_size: volumeSizeGb,
      });
      doc.set(needsQuotes(i.name) ? quoted(i.name) : i.name, node);

      const serverName = `${i.name}-${i.environment}`;
      const out = workspaceChild(ctx, i.outPath, 'outPath');
      await fs.mkdir(path.dirname(path.join(out, file)), { recursive: true });
      await fs.writeFile(path.join(out, file), doc.toString());

      const resource = chainNodeResource({
        serverName,
        environment: i.environment,
        chain: i.chain,
        client,
        clientVersion,
        serverType: i.serverType,
        location: i.location,
      });
      const catalog = await readCatalogFile(base);
      if (catalog.includes(`name: ${resource.metadata.name}\n`)) {
        throw new ConflictError(
          `name '${i.name}' is taken: ${CATALOG_FILE} already has a Resource ${resource.metadata.name}`,
        );
      }
      await fs.writeFile(
        path.join(out, CATALOG_FILE),
        `${catalog.trimEnd()}\n---\n${new Document(resource).toString()}`,
      );
      ctx.logger.info(
        `Added chain node '${i.name}' (${i.chain}/${client} ${clientVersion}, ${i.serverType} in ${i.location}, ${volumeSizeGb} GB) to ${file} and resource:${resource.metadata.name} to ${CATALOG_FILE}`,
      );
      ctx.output('file', file);
      ctx.output('serverName', serverName);
      ctx.output('clientVersion', clientVersion);
      ctx.output('volumeSizeGb', volumeSizeGb);
      ctx.output('catalogFile', CATALOG_FILE);
      ctx.output('entityRef', `resource:default/${resource.metadata.name}`);
    },
  });
}

/**
 * The node's catalog entity, shaped like catalog/chain-nodes.yaml. Its server
 * id and RPC endpoint are only known once Terraform created the server; the
 * chain-nodes plugin shows it as not yet in Hetzner until then.
 */
function chainNodeResource(n: {
  serverName: string;
  environment: string;
  chain: string;
  client: string;
  clientVersion: string;
  serverType: string;
  location: string;
}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `chain-node-${n.serverName}`,
      title: `${n.chain} node ${n.serverName}`,
      description: `${n.client} ${n.clientVersion} on a Hetzner ${n.serverType} in ${n.location} (${n.environment}), from the hetzner-nodes module.`,
      annotations: {
        'casino.io/chain': n.chain,
        'hetzner.cloud/server-type': n.serverType,
        'hetzner.cloud/location': n.location,
      },
      tags: ['blockchain', 'hetzner', n.client],
    },
    spec: {
      type: 'chain-node',
      owner: 'group:chains',
      system: 'casino-blockchain',
      dependsOn: [`resource:terragrunt-env-${n.environment}`],
    },
  };
}

async function readCatalogFile(base: string) {
  try {
    return await fs.readFile(path.join(base, CATALOG_FILE), 'utf8');
  } catch {
    throw new InputError(
      `The infra repository has no ${CATALOG_FILE} to list the chain node in`,
    );
  }
}

async function isDir(p: string) {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
