import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { InputError } from '@backstage/errors';
import { parse as parseYaml } from 'yaml';

/** Chains and the clients that run them (the hetzner-nodes module's rules). */
export const CLIENTS_BY_CHAIN: Record<string, string[]> = {
  ethereum: ['geth', 'reth'],
  polygon: ['bor'],
  'casino-chain': ['geth'],
};

/**
 * Chain data volume per chain, for the network the hetzner-nodes module runs
 * it on (its `chain_flags`). Full nodes, not archives: an Ethereum mainnet
 * full node holds about 1.3 TB and grows ~15 GB a week, Polygon PoS mainnet
 * about 3.5 TB; the defaults are what the platform's prod nodes run
 * (infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml).
 */
export const VOLUME_BY_CHAIN: Record<
  string,
  { network: string; defaultGb: number; minimumGb: number }
> = {
  ethereum: { network: 'Ethereum mainnet', defaultGb: 2000, minimumGb: 1500 },
  polygon: { network: 'Polygon PoS mainnet', defaultGb: 4000, minimumGb: 4000 },
  'casino-chain': {
    network: 'the casino chain (network id 7777)',
    defaultGb: 500,
    minimumGb: 100,
  },
};

const MODULE_VARIABLES = 'infra/terraform/modules/hetzner-nodes/variables.tf';

/**
 * The platform's pinned release per client: the `client_versions` default of
 * the hetzner-nodes module in the infra repository being changed.
 */
export async function readClientPins(
  basePath: string,
): Promise<Record<string, string>> {
  const file = path.join(basePath, MODULE_VARIABLES);
  const parsed = await parseHcl(
    MODULE_VARIABLES,
    await fs.readFile(file, 'utf8'),
  );
  const pins = parsed.variable?.client_versions?.[0]?.default;
  if (!pins || typeof pins !== 'object') {
    throw new InputError(
      `${MODULE_VARIABLES} has no client_versions default to pin the chain client with`,
    );
  }
  return pins as Record<string, string>;
}

/**
 * Whether Terraform's yamldecode (go-yaml, YAML 1.1 scalars) would read the
 * plain scalar as something other than this string: `on`, `off`, `yes`,
 * `no`, `true`, `null` and the like become booleans or null.
 */
export function needsQuotes(value: string): boolean {
  return parseYaml(value, { version: '1.1' }) !== value;
}
