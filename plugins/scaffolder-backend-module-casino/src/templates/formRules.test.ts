/*
 * What the forms offer matches what the actions accept: a form that filters
 * by a rule of its own would offer what the task then refuses, or hide what
 * it accepts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../__testUtils__/scaffolderTestBackend';
import { CLIENTS_BY_CHAIN } from '../actions/chainNodeRules';

function parameters(template: string): Record<string, any> {
  const doc = parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates', template, 'template.yaml'),
      'utf8',
    ),
  );
  return Object.assign(
    {},
    ...doc.spec.parameters.map((step: any) => step.properties ?? {}),
  );
}

describe('template forms and actions agree', () => {
  it("hetzner-chain-node offers each chain the clients casino:hetzner:add-node accepts, the chain's default first", () => {
    const { chain, client } = parameters('hetzner-chain-node');
    expect(client['ui:field']).toBe('ChainClient');
    expect(client['ui:options'].clients).toEqual(CLIENTS_BY_CHAIN);
    expect(Object.keys(CLIENTS_BY_CHAIN).sort()).toEqual([...chain.enum].sort());
    expect([...new Set(Object.values(CLIENTS_BY_CHAIN).flat())].sort()).toEqual(
      [...client.enum].sort(),
    );
  });
});
