/**
 * Relative price of one vCPU-hour and one GiB-hour, used to split a node's
 * price into a CPU and a memory part. The defaults are OpenCost's default
 * custom pricing (CPU 0.031611, RAM 0.004237 per hour); only the ratio
 * matters.
 * @public
 */
export interface ResourceWeights {
  cpuPerCoreHour: number;
  ramPerGiBHour: number;
}

/**
 * The weights the backend allocates with, so the deploy form's estimate
 * charges a pod what the Cost page will.
 * @public
 */
export const OPENCOST_DEFAULT_WEIGHTS: ResourceWeights = {
  cpuPerCoreHour: 0.031611,
  ramPerGiBHour: 0.004237,
};
