/*
 * Secrets never reach the browser: the frontend gets only the config keys
 * that some plugin's config.d.ts marks `@visibility frontend`. This runs the
 * same schema filtering the app build and app-backend use, over the real
 * app-config files with every secret set to a recognisable value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, loadConfigSchema } from '@backstage/config-loader';

const repoRoot = path.resolve(__dirname, '../../../..');

const SECRETS: Record<string, string> = {
  BACKEND_SECRET: 'leak-check-backend-secret',
  AUTH_GITHUB_CLIENT_SECRET: 'leak-check-github-client-secret',
  GITHUB_TOKEN: 'leak-check-github-token',
  POSTGRES_PASSWORD: 'leak-check-postgres-password',
  HCLOUD_TOKEN: 'leak-check-hcloud-token',
  FAIRNESS_DEMO_TOKEN: 'leak-check-game-server-token',
  FAIRNESS_INGEST_TOKEN_GAME_DICE: 'leak-check-game-dice-ingest-token',
  HETZNER_CLOUD_TOKEN: 'leak-check-hetzner-cost-token',
  FAIRNESS_SIGNING_KEY: 'leak-check-signing-key',
  EKS_PROD_CA_DATA: 'leak-check-eks-ca',
  EKS_DEV_CA_DATA: 'leak-check-eks-dev-ca',
  DEMO_CLUSTER_TOKEN: 'leak-check-kube-token',
  AWS_SECRET_ACCESS_KEY: 'leak-check-aws-secret',
};
const PLAIN: Record<string, string> = {
  PORTAL_BASE_URL: 'https://portal.casino.example',
  POSTGRES_HOST: 'db',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'portal',
  AUTH_GITHUB_CLIENT_ID: 'client-id',
  EKS_PROD_URL: 'https://eks-prod.example',
  EKS_DEV_URL: 'https://eks-dev.example',
};

async function frontendConfig() {
  const env: Record<string, string> = { ...SECRETS, ...PLAIN };
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: [
      { path: path.join(repoRoot, 'app-config.yaml') },
      { path: path.join(repoRoot, 'app-config.production.yaml') },
    ],
    experimentalEnvFunc: async name => env[name],
  });
  const schema = await loadConfigSchema({ dependencies: ['app', 'backend'] });
  return schema.process(appConfigs, { visibility: ['frontend'] });
}

/** Environment variables the config files read whose names say "secret". */
function secretLookingVariables(): string[] {
  const names = new Set<string>();
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const [, name] of text.matchAll(/\$\{([A-Z0-9_]+)/g)) {
      if (/TOKEN|SECRET|PASSWORD|KEY|CA_DATA/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}

describe('configuration visible to the browser', () => {
  it('checks every secret the config files read (a new token gets a row here)', () => {
    const missing = secretLookingVariables().filter(n => !(n in SECRETS));
    expect(missing).toEqual([]);
  });

  it('contains what the app needs and none of the secrets', async () => {
    const visible = JSON.stringify(await frontendConfig());
    expect(visible).toContain('Casino Platform Portal');
    expect(visible).toContain('https://portal.casino.example');
    for (const [name, value] of Object.entries(SECRETS)) {
      expect({ name, leaked: visible.includes(value) }).toEqual({
        name,
        leaked: false,
      });
    }
  }, 60_000);
});
