export type { CostRow, CostSink, KubernetesHour, WhatIfRow } from './CostSink';
export type {
  CostImportContext,
  CostImportResult,
  CostSource,
  CostSourceReport,
} from './CostSource';
