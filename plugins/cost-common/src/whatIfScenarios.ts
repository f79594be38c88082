/** Savings scenarios, as in the node-mix plugin's what-if. @public */
export type WhatIfScenarioId = 'graviton' | 'spot' | 'graviton-spot';

/** @public */
export const WHAT_IF_SCENARIOS: ReadonlyArray<{
  id: WhatIfScenarioId;
  label: string;
}> = [
  { id: 'graviton', label: 'x86 on-demand on Graviton on-demand' },
  { id: 'spot', label: 'x86 on-demand on x86 spot' },
  { id: 'graviton-spot', label: 'x86 on-demand on Graviton spot' },
];
