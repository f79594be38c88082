import {
  ConsolidationCandidate,
  KarpenterEvent,
} from '@internal/plugin-node-mix-common';
import { render, screen, within } from '@testing-library/react';
import { KarpenterReasons } from './KarpenterReasons';

const candidate: ConsolidationCandidate = {
  node: 'ip-10-0-1-7.eu-central-1.compute.internal',
  nodePool: 'x86',
  instanceType: 'm6i.xlarge',
  capacityType: 'on-demand',
  kind: 'underutilized',
  cpuUtilization: 0.21,
  memoryUtilization: 0.1,
  pricePerHour: 0.23,
  state: 'blocked',
  blockers: [
    {
      kind: 'pod-do-not-disrupt',
      message:
        'Pod games/lobby-1 has karpenter.sh/do-not-disrupt=true; Karpenter waits until it finishes or the annotation is removed',
    },
  ],
};

const blocked: KarpenterEvent = {
  objectKind: 'Node',
  objectName: candidate.node,
  reason: 'DisruptionBlocked',
  message:
    'Pod has "karpenter.sh/do-not-disrupt" annotation (Pod=games/lobby-1)',
  count: 4,
  lastSeen: '2026-12-02T11:57:00.000Z',
  ageSeconds: 180,
};

describe('KarpenterReasons', () => {
  it("shows the portal's reasons and Karpenter's text verbatim with its age, side by side", () => {
    render(<KarpenterReasons candidate={candidate} events={[blocked]} />);
    const portal = screen.getByLabelText('Portal says');
    expect(portal).toHaveTextContent('Underutilized (CPU 21%, memory 10%');
    expect(portal).toHaveTextContent('Blocked');
    expect(portal).toHaveTextContent(
      'Pod games/lobby-1 has karpenter.sh/do-not-disrupt=true',
    );
    const karpenter = screen.getByLabelText('Karpenter says');
    const [event] = within(karpenter).getAllByTestId('karpenter-event');
    expect(within(event).getByText(blocked.message)).toBeInTheDocument();
    expect(event).toHaveTextContent('DisruptionBlocked');
    expect(event).toHaveTextContent('3 min ago · said 4×');
  });

  it('shows a Balanced move’s score against its threshold', () => {
    render(
      <KarpenterReasons
        candidate={{ ...candidate, state: 'consolidatable', blockers: [] }}
        events={[
          {
            ...blocked,
            reason: 'ConsolidationApproved',
            message:
              'score 0.74 >= threshold 0.50 (k: 2, savings 1.2%, disruption 1.6%)',
            count: 1,
            ageSeconds: 30,
            score: {
              score: 0.74,
              threshold: 0.5,
              k: 2,
              savingsPercent: 1.2,
              disruptionPercent: 1.6,
            },
          },
        ]}
      />,
    );
    const score = screen.getByLabelText('Balanced score');
    expect(score).toHaveTextContent(
      "Score 0.74 ≥ threshold 0.50 (Balanced, k = 2): saves 1.2% of the NodePool's cost for 1.6% of its disruption",
    );
    expect(
      within(score).getByRole('progressbar', {
        name: 'score 0.74 of threshold 0.50',
      }),
    ).toHaveAttribute('aria-valuenow', '74');
  });

  it('says when Karpenter said nothing, and why its events could not be read', () => {
    const { rerender } = render(<KarpenterReasons events={[]} />);
    expect(screen.getByLabelText('Karpenter says')).toHaveTextContent(
      'Karpenter has said nothing about it in the last hour',
    );
    expect(screen.getByLabelText('Portal says')).toHaveTextContent(
      'Not a consolidation candidate',
    );
    rerender(
      <KarpenterReasons
        events={[]}
        error="The portal may not list events in this cluster (403); ask for 'list events' in its RBAC"
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'may not list events in this cluster (403)',
    );
    expect(screen.getByLabelText('Karpenter says')).not.toHaveTextContent(
      'said nothing',
    );
  });
});
