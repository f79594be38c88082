import fs from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isMap, parseDocument } from 'yaml';
import { knownServerTypes } from '../cost/estimate';
import { workspaceChild } from './util';

/** Chains and the clients that run them (the hetzner-nodes module's rules). */
const CLIENTS_BY_CHAIN: Record<string, string[]> = {
  ethereum: ['geth', 'reth'],
  polygon: ['bor'],
  'casino-chain': ['geth'],
};
const LOCATIONS = ['fsn1', 'nbg1', 'hel1'];
const NODE_KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/**
 * `casino:hetzner:add-node`: appends one chain node to
 * `infra/terragrunt/envs/<environment>/hetzner-nodes/nodes.yaml`, keeping
 * the file's comments and order, and refuses names, chains, clients, server
 * types and locations the hetzner-nodes module would reject.
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
        volumeSizeGb: z => z.number().int(),
      },
      output: {
        file: z =>
          z.string({
            description: 'Repository path of the changed nodes.yaml',
          }),
        serverName: z => z.string(),
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
      if (i.volumeSizeGb < 100 || i.volumeSizeGb > 10240) {
        throw new InputError(
          `volumeSizeGb ${i.volumeSizeGb} must be between 100 and 10240`,
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
      const node: Record<string, unknown> = { chain: i.chain, client };
      if (i.clientVersion) node.client_version = i.clientVersion;
      node.server_type = i.serverType;
      node.location = i.location;
      node.volume_size = i.volumeSizeGb;
      doc.set(i.name, doc.createNode(node));

      const out = path.join(workspaceChild(ctx, i.outPath, 'outPath'), file);
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, doc.toString());
      ctx.logger.info(
        `Added chain node '${i.name}' (${i.chain}/${client}, ${i.serverType} in ${i.location}) to ${file}`,
      );
      ctx.output('file', file);
      ctx.output('serverName', `${i.name}-${i.environment}`);
    },
  });
}

async function isDir(p: string) {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
