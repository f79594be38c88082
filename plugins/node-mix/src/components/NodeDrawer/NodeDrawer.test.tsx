import { TestApiProvider } from '@backstage/frontend-test-utils';
import { NodeDetail, NodeRow } from '@internal/plugin-node-mix-common';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { nodeMixApiRef } from '../../api';
import { NodeTable } from '../NodeTable';
import { NodeDrawer } from './NodeDrawer';
import { withBrowserLayout } from '../../__testUtils__/browserLayout';

const row: NodeRow = {
  name: 'ip-10-0-1-7.eu-central-1.compute.internal',
  arch: 'arm64',
  capacityType: 'spot',
  family: 'm7g',
  instanceType: 'm7g.xlarge',
  nodePool: 'graviton',
  zone: 'eu-central-1a',
  labels: {},
  vcpu: 4,
  memoryBytes: 16 * 2 ** 30,
  cpuAllocatable: 3.92,
  memoryAllocatable: 15 * 2 ** 30,
  cpuRequested: 1.5,
  memoryRequested: 3 * 2 ** 30,
  pods: 2,
  pricePerHour: 0.07,
  priceSource: 'test',
  nodeClaim: 'graviton-x7k2p',
  drifted: false,
  disrupted: false,
  warnings: [],
};

const detail: NodeDetail = {
  cluster: 'demo',
  name: row.name,
  createdAt: '2026-12-02T09:00:00Z',
  ageSeconds: 3 * 3600,
  taints: [{ key: 'casino.io/games', value: 'true', effect: 'NoSchedule' }],
  conditions: [
    { type: 'Ready', status: 'True' },
    {
      type: 'MemoryPressure',
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
    },
  ],
  pods: [
    {
      namespace: 'direct',
      name: 'dice-7d9f-abc',
      phase: 'Running',
      cpuRequested: 1,
      memoryRequested: 2 * 2 ** 30,
      owner: 'ReplicaSet/dice-7d9f',
    },
    {
      namespace: 'kube-system',
      name: 'aws-node-x1',
      phase: 'Running',
      cpuRequested: 0.5,
      memoryRequested: 2 ** 30,
      owner: 'DaemonSet/aws-node',
    },
  ],
  podCount: 2,
  podLimit: 250,
  nodeClaim: {
    name: 'graviton-x7k2p',
    nodePool: 'graviton',
    expireAfter: '720h',
    conditions: [
      { type: 'Drifted', status: 'True', reason: 'NodePoolDrifted' },
    ],
  },
  readAt: '2026-12-02T12:00:00Z',
};

function Page() {
  const [selected, setSelected] = useState<NodeRow | undefined>();
  return (
    <>
      <NodeTable rows={[row]} onSelect={setSelected} />
      <NodeDrawer
        cluster="demo"
        row={selected}
        onClose={() => setSelected(undefined)}
      />
    </>
  );
}

describe('NodeDrawer', () => {
  withBrowserLayout();

  it("opens from the node table on a node's name and shows its pods, taints, conditions and NodeClaim", async () => {
    const api = {
      listClusters: jest.fn(),
      getCluster: jest.fn(),
      getNodes: jest.fn(),
      getHistory: jest.fn(),
      getNodeDetail: jest.fn(async () => detail),
    };
    render(
      <TestApiProvider apis={[[nodeMixApiRef, api]]}>
        <Page />
      </TestApiProvider>,
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: `Details of node ${row.name}` }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `Node ${row.name}`,
    });
    expect(api.getNodeDetail).toHaveBeenCalledWith(
      'demo',
      row.name,
      'graviton-x7k2p',
    );
    const pods = await within(dialog).findByRole('table', {
      name: 'Pods on this node',
    });
    expect(
      within(pods)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      'direct/dice-7d9f-abcReplicaSet/dice-7d9f1.002.0 GiB',
      'kube-system/aws-node-x1DaemonSet/aws-node0.501.0 GiB',
    ]);
    expect(
      within(dialog).getByText('casino.io/games=true:NoSchedule'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('MemoryPressure=True')).toBeInTheDocument();
    // when it was read: local time, UTC on hover
    expect(
      within(dialog).getByText(new Date(detail.readAt).toLocaleString()),
    ).toHaveAttribute('aria-label', '2026-12-02 12:00:00.000 UTC');
    expect(
      within(dialog).getByText(
        /graviton-x7k2p · NodePool graviton · expires after 720h/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Drifted=True')).toBeInTheDocument();
    expect(within(dialog).getByText(/age 3 h/)).toBeInTheDocument();
  });
});
