import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AWS_ON_DEMAND_PRICES, AWS_SPOT_PRICING } from '@internal/pricing';
import { DeployEstimateField } from './DeployEstimateField';
import { estimateDeploy } from './estimate';

const pricing = {
  priceTable: AWS_ON_DEMAND_PRICES,
  spot: AWS_SPOT_PRICING,
  defaultRegion: 'eu-central-1',
};
const form = {
  replicas: 2,
  cpuRequest: '250m',
  memoryRequest: '256Mi',
  architecture: 'multi',
  capacityType: 'on-demand',
};
const catalogApi = catalogApiMock({
  entities: ['dev', 'prod'].map(env => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: `eks-${env}`, title: `EKS ${env}` },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  })),
});

async function render(fetchImpl: (url: string) => Promise<unknown>) {
  const fetch = jest.fn(fetchImpl);
  const props = {
    formContext: { formData: form },
    schema: { title: 'Where it runs and what it costs' },
    uiSchema: {
      'ui:options': {
        targets: [
          { environment: 'dev', cluster: 'resource:default/eks-dev' },
          { environment: 'prod', cluster: 'resource:default/eks-prod' },
        ],
      },
    },
    idSchema: { $id: 'root_estimate' },
    onChange: jest.fn(),
  } as any;
  await renderInTestApp(<DeployEstimateField {...props} />, {
    apis: [
      [catalogApiRef, catalogApi],
      [fetchApiRef, { fetch: fetch as unknown as typeof window.fetch }],
      [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://portal.test' })],
    ],
  });
  return { fetch, onChange: props.onChange };
}

describe('DeployEstimateField', () => {
  it("names each environment's cluster and prices the replicas with node-mix's prices and their source", async () => {
    const { fetch, onChange } = await render(async () => ({
      ok: true,
      json: async () => pricing,
    }));
    expect(
      await screen.findByText(
        'Environment and cluster: dev on EKS dev, prod on EKS prod',
      ),
    ).toBeInTheDocument();
    const estimate = estimateDeploy(pricing, form);
    if ('reason' in estimate) throw new Error(estimate.reason);
    const monthly = `$${estimate.monthly.toFixed(2)}`;
    expect(await screen.findByTestId('deploy-cost')).toHaveTextContent(
      `Monthly cost: 2 × (250m CPU, 256Mi) on m7g.xlarge in eu-central-1: ${monthly} per month in each environment.`,
    );
    expect(
      screen.getByText(/^Prices: on-demand: .*2026-11-27/),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith(
      'http://portal.test/api/node-mix/prices',
    );
    // It shows; it never writes a value into the form
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says why there is no estimate when the prices cannot be read', async () => {
    await render(async () => ({
      ok: false,
      status: 503,
      statusText: 'Service Unavailable',
      headers: new Map(),
      text: async () => 'node-mix is starting',
    }));
    expect(await screen.findByTestId('deploy-cost')).toHaveTextContent(
      /No estimate: the prices could not be read/,
    );
    expect(await screen.findByText(/dev on EKS dev/)).toBeInTheDocument();
  });
});
