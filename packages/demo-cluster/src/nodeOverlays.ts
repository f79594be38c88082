/**
 * The local default's Karpenter NodeOverlays (`karpenter.sh/v1alpha1`): a
 * negotiated discount on Graviton on-demand capacity, so the cluster page
 * shows a list price next to an effective one.
 */
export function demoNodeOverlays(): any[] {
  return [
    {
      apiVersion: 'karpenter.sh/v1alpha1',
      kind: 'NodeOverlay',
      metadata: { name: 'graviton-on-demand-private-pricing' },
      spec: {
        weight: 10,
        requirements: [
          { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
          {
            key: 'karpenter.sh/capacity-type',
            operator: 'In',
            values: ['on-demand'],
          },
        ],
        priceAdjustment: '-8%',
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Ready',
            message: '',
            lastTransitionTime: '2026-11-27T00:00:00Z',
          },
        ],
      },
    },
  ];
}
