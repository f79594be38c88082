/**
 * Renders Helm charts like `helm template` without a helm binary: a small Go
 * renderer built from Debian's sprig (the library Helm 3 uses) and
 * sigs.k8s.io/yaml.
 *
 * @packageDocumentation
 */

export { renderChart, chartRendererBinary } from './renderChart';
export type {
  RenderChartOptions,
  RenderedChart,
  RenderedObject,
} from './renderChart';
