import { ClusterHeadline, ClusterStatus } from './types';

/** What a fleet warning is about. @public */
export type FleetWarningKind =
  /** The cluster could not be read (its last good numbers may still show). */
  | 'unreachable'
  /** Pods the scheduler could not place. */
  | 'unschedulable'
  /** A NodePool at 90 % or more of its CPU or memory limit. */
  | 'nodepool-limit'
  /** An EC2NodeClass that is not Ready. */
  | 'nodeclass'
  /** Drifted or expiring NodeClaims waiting for replacement. */
  | 'nodeclaims'
  /** Data problems of the read (missing labels, Karpenter not found, ...). */
  | 'data';

/** One warning of one cluster. @public */
export interface FleetWarning {
  cluster: string;
  kind: FleetWarningKind;
  message: string;
}

/** One cluster on the fleet page: its status, headline and warnings. @public */
export interface FleetCluster extends Omit<ClusterStatus, 'summary'> {
  headline?: ClusterHeadline;
  warnings: FleetWarning[];
}

/** One value of a mix dimension summed over the fleet. @public */
export interface FleetMixGroup {
  key: string;
  nodes: number;
  vcpu: number;
  costPerHour: number;
}

/**
 * Every cluster at once. Totals add up the clusters' last good reads; a
 * cluster without one is counted in `clustersWithoutData`.
 * @public
 */
export interface Fleet {
  generatedAt: string;
  totals: {
    clusters: number;
    clustersOk: number;
    clustersFailing: number;
    clustersWithoutData: number;
    nodes: number;
    pods: number;
    vcpu: number;
    memoryBytes: number;
    costPerHour: number;
    costIsLowerBound: boolean;
    warnings: number;
  };
  byArch: FleetMixGroup[];
  byCapacityType: FleetMixGroup[];
  clusters: FleetCluster[];
  /** Problems that belong to no cluster (catalog Resources ignored, and why). */
  problems: string[];
}
