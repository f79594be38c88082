import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { scaffolderModuleCasino } from '../module';
import { localGitUrlReaderFactory } from '../urlReader';

/** The repository this package lives in. */
export const repoRoot = path.resolve(__dirname, '../../../..');

const appCatalogConfig = parse(
  fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
).catalog;

export type TaskResult = {
  status: 'completed' | 'failed' | 'cancelled' | string;
  output: JsonObject;
  log: string[];
  /** Step ids that ran (had a 'completed' or 'failed' status event) */
  steps: Record<string, string>;
};

/**
 * Starts a backend with the real scaffolder, the real catalog (reading this
 * repository's catalog/locations.yaml: teams, systems and the templates,
 * plus `catalogFiles`, e.g. from {@link writeTestComponents}) and this
 * module, on the given config.
 */
export async function startScaffolderTestBackend(
  config: JsonObject,
  extraFeatures: any[] = [],
  options: { catalogFiles?: string[] } = {},
) {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderModuleCasino,
      localGitUrlReaderFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:0' },
          catalog: {
            // The portal's own catalog rules (app-config.yaml): registered
            // repositories describe software only
            rules: appCatalogConfig.rules,
            locations: [
              {
                type: 'file',
                target: path.join(repoRoot, 'catalog/locations.yaml'),
                rules: appCatalogConfig.locations[0].rules,
              },
              ...(options.catalogFiles ?? []).map(target => ({
                type: 'file',
                target,
              })),
            ],
            processingInterval: { seconds: 1 },
          },
          ...config,
        },
      }),
      ...extraFeatures,
    ],
  });
  const server = backend.server;
  const auth = mockCredentials.user.header('user:default/guest');

  const api = {
    backend,
    async waitForEntity(ref: string, timeoutMs = 30_000) {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
          .set('Authorization', auth);
        if (res.status === 200) return res.body;
        if (Date.now() > deadline)
          throw new Error(`${ref} did not appear in the catalog`);
        await new Promise(r => setTimeout(r, 200));
      }
    },
    /** POSTs a task and waits for it to finish. */
    async runTemplate(
      name: string,
      values: JsonObject,
      // Generous: on two shared cores under load a task that validates HCL,
      // renders the chart and prices a pool has taken over a minute.
      timeoutMs = 150_000,
    ): Promise<TaskResult> {
      await api.waitForEntity(`template:default/${name}`);
      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', auth)
        .send({ templateRef: `template:default/${name}`, values });
      if (created.status !== 201) {
        return {
          status: `rejected ${created.status}`,
          output: created.body,
          log: [JSON.stringify(created.body)],
          steps: {},
        };
      }
      const id = created.body.id;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const task = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set('Authorization', auth);
        if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
          const events = await request(server)
            .get(`/api/scaffolder/v2/tasks/${id}/events`)
            .set('Authorization', auth);
          const log: string[] = [];
          const steps: Record<string, string> = {};
          for (const e of events.body) {
            if (e.body?.message) log.push(e.body.message);
            if (e.body?.stepId && e.body?.status)
              steps[e.body.stepId] = e.body.status;
          }
          return {
            status: task.body.status,
            output: events.body.at(-1)?.body?.output ?? {},
            log,
            steps,
          };
        }
        if (Date.now() > deadline) throw new Error(`task ${id} did not finish`);
        await new Promise(r => setTimeout(r, 100));
      }
    },
    async getEntity(ref: string) {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      return request(server)
        .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
        .set('Authorization', auth);
    },
  };
  return api;
}

/**
 * Writes `<dir>/test-components.yaml`: a Component per name, for tests that
 * deploy components the repository's catalog does not have.
 */
export function writeTestComponents(dir: string, names: string[]): string {
  const file = path.join(dir, 'test-components.yaml');
  fs.writeFileSync(
    file,
    names
      .map(
        name => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/mono
  system: casino-gaming
`,
      )
      .join('---\n'),
  );
  return file;
}
