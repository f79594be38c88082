import { useState } from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { ChainClientField } from './ChainClientField';
import { validateChainClient } from './validation';

// As in templates/hetzner-chain-node/template.yaml
const options = {
  clients: {
    ethereum: ['geth', 'reth'],
    polygon: ['bor'],
    'casino-chain': ['geth'],
  },
};

let reported: string | undefined;

/** The form's chain select and the client field, as RJSF drives them. */
function Harness(props: { initial?: string; chain?: string }) {
  const [chain, setChain] = useState<string | undefined>(props.chain);
  const [client, setClient] = useState<string | undefined>(props.initial);
  reported = client;
  const fieldProps = {
    onChange: setClient,
    formData: client,
    formContext: { formData: { chain, client } },
    schema: { title: 'Client', description: 'Leave empty for the default.' },
    uiSchema: { 'ui:options': options },
    idSchema: { $id: 'root_client' },
    rawErrors: [],
  } as any;
  return (
    <>
      <button onClick={() => setChain('polygon')}>polygon</button>
      <ChainClientField {...fieldProps} />
    </>
  );
}

// Select clicks through the test app take seconds on a loaded machine
jest.setTimeout(30_000);

describe('ChainClientField', () => {
  it("offers only the chain's clients and its default", async () => {
    await renderInTestApp(<Harness chain="ethereum" />);
    await userEvent.click(screen.getByRole('button', { name: /Client/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(["ethereum's default (geth)", 'geth', 'reth']);
    await userEvent.click(screen.getByRole('option', { name: 'reth' }));
    expect(reported).toBe('reth');
  });

  it('clears a client the newly chosen chain does not run', async () => {
    await renderInTestApp(<Harness chain="ethereum" initial="reth" />);
    expect(reported).toBe('reth');
    await userEvent.click(screen.getByRole('button', { name: 'polygon' }));
    expect(reported).toBeUndefined();
    expect(screen.getByText(/bor runs polygon/)).toBeInTheDocument();
  });

  it('waits for the chain', async () => {
    await renderInTestApp(<Harness />);
    expect(screen.getByText('Choose a chain first.')).toBeInTheDocument();
  });
});

describe('validateChainClient', () => {
  const context = (chain: string) => ({
    apiHolder: { get: () => undefined } as any,
    formData: { chain },
    schema: {},
    uiSchema: { 'ui:options': options },
  });

  it('refuses a client the chain does not run on Next, in words', () => {
    const validation = createFieldValidation();
    validateChainClient('geth', validation, context('polygon'));
    expect(validation.__errors).toEqual([
      'geth does not run polygon: choose bor, or leave it empty for bor.',
    ]);
  });

  it("lets the chain's clients and the default through", () => {
    for (const client of ['geth', 'reth', undefined]) {
      const validation = createFieldValidation();
      validateChainClient(client as any, validation, context('ethereum'));
      expect(validation.__errors).toEqual([]);
    }
  });
});
