import {
  formatFinding,
  mergeValues,
  validateChartValues,
  validateManifests,
} from '@internal/infra-validator';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { renderChart } from './renderChart';

// The platform chart rendered for every service in infra/apps/ (values.yaml,
// then each values-<env>.yaml over it, as the ApplicationSet does) and every
// architecture x capacityType, each object validated strictly.
const INFRA = path.resolve(__dirname, '../../../infra');
const CHART = path.join(INFRA, 'helm/app');
const ARCHITECTURES = ['amd64', 'arm64', 'multi'];
const CAPACITY_TYPES = ['spot', 'on-demand', 'any'];
const WORKLOAD_KINDS = new Set(['Deployment']);

interface Case {
  name: string;
  team: string;
  service: string;
  valueFiles: string[];
}

function serviceCases(): Case[] {
  const cases: Case[] = [];
  const apps = path.join(INFRA, 'apps');
  for (const team of fs.readdirSync(apps).sort()) {
    if (!fs.statSync(path.join(apps, team)).isDirectory()) continue;
    for (const service of fs.readdirSync(path.join(apps, team)).sort()) {
      const dir = path.join(apps, team, service);
      const base = path.join(dir, 'values.yaml');
      if (!fs.existsSync(base)) continue;
      cases.push({
        name: `${team}/${service}`,
        team,
        service,
        valueFiles: [base],
      });
      for (const file of fs.readdirSync(dir).sort()) {
        const env = /^values-(.+)\.yaml$/.exec(file)?.[1];
        if (env)
          cases.push({
            name: `${team}/${service} (${env})`,
            team,
            service,
            valueFiles: [base, path.join(dir, file)],
          });
      }
    }
  }
  return cases;
}

const cases = serviceCases().flatMap(c =>
  ARCHITECTURES.flatMap(architecture =>
    CAPACITY_TYPES.map(capacityType => ({ ...c, architecture, capacityType })),
  ),
);

describe('platform chart (infra/helm/app)', () => {
  it('has every service directory of infra/apps/ to render', () => {
    expect(serviceCases().length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)(
    'renders and validates $name on $architecture / $capacityType',
    ({ team, service, valueFiles, architecture, capacityType }) => {
      const overrides = { architecture, capacityType };
      const chartValues = parse(
        fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'),
      );
      const merged = [
        ...valueFiles.map(f => parse(fs.readFileSync(f, 'utf8'))),
        overrides,
      ].reduce((acc, v) => mergeValues(acc, v ?? {}), chartValues);
      expect(
        validateChartValues(merged, path.join(CHART, 'values.schema.json')).map(
          formatFinding,
        ),
      ).toEqual([]);

      const { objects } = renderChart({
        chartDir: CHART,
        releaseName: service,
        namespace: team,
        valueFiles,
        values: overrides,
      });
      expect(objects.length).toBeGreaterThan(0);
      const findings = validateManifests(
        objects.map(o => ({ object: o.object, file: o.source })),
        { requireKnownKinds: true },
      );
      expect(findings.map(formatFinding)).toEqual([]);

      const deployment = objects.find(
        o => o.object.kind === 'Deployment',
      )?.object;
      expect(deployment).toBeDefined();
      const nodeSelector = deployment.spec.template.spec.nodeSelector ?? {};
      expect(nodeSelector['kubernetes.io/arch']).toBe(
        architecture === 'multi' ? undefined : architecture,
      );
      expect(nodeSelector['karpenter.sh/capacity-type']).toBe(
        capacityType === 'any' ? undefined : capacityType,
      );
      // The component's Kubernetes tab selects by this label
      const ids = objects.map(
        ({ object }) => object.metadata.labels['backstage.io/kubernetes-id'],
      );
      expect(ids).toEqual(objects.map(() => service));
      const podTemplates = objects.filter(({ object }) =>
        WORKLOAD_KINDS.has(object.kind),
      );
      expect(
        podTemplates.map(
          ({ object }) =>
            object.spec.template.metadata.labels['backstage.io/kubernetes-id'],
        ),
      ).toEqual(podTemplates.map(() => service));
    },
  );

  it('names objects for the service with fullnameOverride and takes kubernetesId from values', () => {
    const { objects } = renderChart({
      chartDir: CHART,
      releaseName: 'payments',
      namespace: 'direct',
      values: {
        fullnameOverride: 'payments',
        kubernetesId: 'payments-api',
        ingress: { enabled: true, host: 'payments.casino.example.com' },
      },
    });
    const named = objects.filter(o => o.object.kind !== 'NetworkPolicy');
    expect(named.map(o => o.object.metadata.name)).toEqual(
      named.map(() => 'payments'),
    );
    const deployment = objects.find(
      o => o.object.kind === 'Deployment',
    )!.object;
    expect(deployment.metadata.labels['backstage.io/kubernetes-id']).toBe(
      'payments-api',
    );
    expect(
      deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('payments-api');
    expect(
      validateManifests(
        objects.map(o => ({ object: o.object, file: o.source })),
      ).map(formatFinding),
    ).toEqual([]);
  });

  it("refuses a cluster older than the chart's kubeVersion, like helm", () => {
    expect(() =>
      renderChart({
        chartDir: CHART,
        releaseName: 'game-api',
        kubeVersion: 'v1.29.0',
      }),
    ).toThrow(/chart requires kubeVersion: >=1.30.0-0/);
  });

  it('refuses names and label values the API server would refuse', () => {
    const { objects } = renderChart({
      chartDir: CHART,
      releaseName: 'Payments_API',
      namespace: 'direct',
      values: { image: { tag: 'sha256:abc+1' } },
    });
    const messages = validateManifests(
      objects.map(o => ({ object: o.object, file: o.source })),
    ).map(formatFinding);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/name 'Payments_API-app' must be a DNS-1123/),
        expect.stringMatching(
          /label 'app.kubernetes.io\/version' value 'sha256:abc\+1' must be empty or alphanumerics/,
        ),
      ]),
    );
  });

  it('fails like helm on a required value and renders tpl', () => {
    const chartDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'c-'));
    fs.mkdirSync(path.join(chartDir, 'templates'));
    fs.writeFileSync(
      path.join(chartDir, 'Chart.yaml'),
      'apiVersion: v2\nname: t\nversion: 0.1.0\n',
    );
    fs.writeFileSync(
      path.join(chartDir, 'values.yaml'),
      'greeting: "hi {{ .Release.Name }}"\n',
    );
    fs.writeFileSync(
      path.join(chartDir, 'templates/_h.tpl'),
      '{{- define "t.n" -}}{{ .Release.Name | upper }}{{- end }}',
    );
    fs.writeFileSync(
      path.join(chartDir, 'templates/cm.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: {{ required "name is required" .Values.name }}',
        'data:',
        '  greeting: {{ tpl .Values.greeting . | quote }}',
        '  upper: {{ include "t.n" . }}',
        '  round: {{ (fromYaml (toYaml (dict "a" 1))).a | quote }}',
        '  kube: {{ .Capabilities.KubeVersion.Minor | quote }}',
      ].join('\n'),
    );
    expect(() => renderChart({ chartDir, releaseName: 'r' })).toThrow(
      /name is required/,
    );
    const { objects } = renderChart({
      chartDir,
      releaseName: 'r',
      values: { name: 'cm' },
    });
    expect(objects[0].object.data).toEqual({
      greeting: 'hi r',
      upper: 'R',
      round: '1',
      kube: '34',
    });
  });
});
