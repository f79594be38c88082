import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { mergeValues, validateChartValues } from './validateChartValues';
import { REPO_ROOT } from '../testUtils';

const SCHEMA = path.join(REPO_ROOT, 'infra/helm/app/values.schema.json');
const defaults = () =>
  parse(
    fs.readFileSync(path.join(REPO_ROOT, 'infra/helm/app/values.yaml'), 'utf8'),
  );

describe('validateChartValues', () => {
  it('accepts the chart defaults', () => {
    expect(validateChartValues(defaults(), SCHEMA)).toEqual([]);
  });

  it('names the field and the allowed values of a bad architecture and capacity type', () => {
    const values = mergeValues(defaults(), {
      architecture: 'sparc',
      capacityType: 'cheap',
    });
    expect(validateChartValues(values, SCHEMA).map(f => f.message)).toEqual([
      'architecture: must be one of amd64, arm64, multi (got "sparc")',
      'capacityType: must be one of spot, on-demand, any (got "cheap")',
    ]);
  });

  it('rejects unknown keys, wrong types and missing requirements', () => {
    const values = mergeValues(defaults(), {
      replicaCount: '3',
      nodeSelectr: { 'kubernetes.io/arch': 'arm64' },
      ingress: { enabled: true },
      externalSecret: { data: [{ secretKey: 'DB' }] },
    });
    expect(validateChartValues(values, SCHEMA).map(f => f.message)).toEqual([
      "nodeSelectr: unknown field 'nodeSelectr'",
      'replicaCount: must be integer (got "3")',
      'ingress.host: must not be empty',
      "externalSecret.data[0]: missing required field 'remoteRef'",
    ]);
  });
});

describe('mergeValues', () => {
  it('merges maps, replaces lists and scalars, and deletes on null', () => {
    expect(
      mergeValues(
        { a: { b: 1, c: 2 }, l: [1, 2], d: 1 },
        { a: { c: 3 }, l: [3], d: null },
      ),
    ).toEqual({
      a: { b: 1, c: 3 },
      l: [3],
    });
  });
});
