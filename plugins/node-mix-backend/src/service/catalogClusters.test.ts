import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  clusterFromEntity,
  isAllowedApiServer,
  readCatalogClusterOptions,
} from './catalogClusters';
import { CatalogClusterSync } from './CatalogClusterSync';

const TRUSTED = `file:${path.resolve('../../catalog/locations.yaml')}`;

const config = (nodeMix: object = {}, locator: object = {}) =>
  new ConfigReader({
    catalog: {
      locations: [{ type: 'file', target: '../../catalog/locations.yaml' }],
    },
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'config', clusters: [] },
        { type: 'catalog', ...locator },
      ],
    },
    nodeMix: {
      catalogClusters: {
        allowedApiServers: [
          'https://*.eks.amazonaws.com',
          'https://k8s.internal.example:6443',
        ],
        ...nodeMix,
      },
    },
  });

function clusterEntity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: `EKS ${name}`,
      annotations: {
        'backstage.io/managed-by-origin-location': TRUSTED,
        'kubernetes.io/api-server': `https://${name}.gr7.eu-central-1.eks.amazonaws.com`,
        'kubernetes.io/api-server-certificate-authority': 'LS0tLS1CRUdJTi==',
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/aws-assume-role':
          'arn:aws:iam::123456789012:role/backstage-read',
        ...annotations,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:platform' },
  };
}

describe('readCatalogClusterOptions', () => {
  it('is off without a catalog locator in the kubernetes config', () => {
    expect(
      readCatalogClusterOptions(
        new ConfigReader({
          kubernetes: { clusterLocatorMethods: [{ type: 'config' }] },
        }),
      ),
    ).toBeUndefined();
  });

  it("reads the allow-list and the portal's own catalog locations", () => {
    const options = readCatalogClusterOptions(config())!;
    expect(options.allowedApiServers).toHaveLength(2);
    expect([...options.trustedOrigins]).toEqual([TRUSTED]);
    expect(options.allowSkipTLSVerify).toBe(false);
    expect(options.refreshIntervalSeconds).toBe(60);
  });

  it.each([
    ['a path', 'https://k8s.example/api'],
    ['no scheme', 'k8s.example'],
    ['a credential', 'https://user:pw@k8s.example'],
    ['a scheme other than http(s)', 'ftp://k8s.example'],
  ])('refuses an allow-list entry with %s', (_what, entry) => {
    expect(() =>
      readCatalogClusterOptions(config({ allowedApiServers: [entry] })),
    ).toThrow(`nodeMix.catalogClusters.allowedApiServers entry '${entry}'`);
  });
});

describe('isAllowedApiServer', () => {
  const allowed = [
    'https://*.eks.amazonaws.com',
    'https://k8s.internal.example:6443',
  ];
  it.each([
    ['https://abc.gr7.eu-central-1.eks.amazonaws.com', true],
    ['https://ABC.gr7.eu-central-1.EKS.amazonaws.com:443', true],
    ['https://k8s.internal.example:6443', true],
    ['https://k8s.internal.example:6443/', true],
    // scheme, port and host all count
    ['http://abc.gr7.eu-central-1.eks.amazonaws.com', false],
    ['https://abc.eks.amazonaws.com:8443', false],
    ['https://k8s.internal.example', false],
    ['https://eks.amazonaws.com.evil.example', false],
    ['https://evil-eks.amazonaws.com', false],
    ['https://169.254.169.254', false],
    ['https://user@abc.eks.amazonaws.com', false],
    ['https://abc.eks.amazonaws.com?x=1', false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isAllowedApiServer(url, allowed)).toBe(expected);
  });
});

describe('clusterFromEntity', () => {
  const options = readCatalogClusterOptions(config())!;

  it('reads a cluster like the Kubernetes catalog locator (name, title, URL, CA, auth annotations)', () => {
    const result = clusterFromEntity(clusterEntity('eks-prod'), options);
    expect(result).toEqual({
      cluster: {
        name: 'eks-prod',
        title: 'EKS eks-prod',
        url: 'https://eks-prod.gr7.eu-central-1.eks.amazonaws.com',
        caData: 'LS0tLS1CRUdJTi==',
        skipTLSVerify: false,
        skipMetricsLookup: false,
        authMetadata: {
          'kubernetes.io/api-server':
            'https://eks-prod.gr7.eu-central-1.eks.amazonaws.com',
          'kubernetes.io/api-server-certificate-authority': 'LS0tLS1CRUdJTi==',
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/backstage-read',
        },
      },
    });
  });

  it.each([
    [
      'from a registered URL',
      { 'backstage.io/managed-by-origin-location': 'url:https://x/y.yaml' },
      /not from the portal's own catalog locations/,
    ],
    [
      'pointing at an API server off the allow-list',
      { 'kubernetes.io/api-server': 'https://attacker.example' },
      /API server 'https:\/\/attacker.example' is not on nodeMix.catalogClusters.allowedApiServers/,
    ],
    [
      'over plain http',
      {
        'kubernetes.io/api-server':
          'http://eks-prod.gr7.eu-central-1.eks.amazonaws.com',
      },
      /is not on nodeMix.catalogClusters.allowedApiServers/,
    ],
    [
      'with the serviceAccount auth provider',
      { 'kubernetes.io/auth-provider': 'serviceAccount' },
      /serviceAccount auth provider needs a token/,
    ],
    [
      'without a certificate authority',
      { 'kubernetes.io/api-server-certificate-authority': '' },
      /no kubernetes.io\/api-server-certificate-authority annotation/,
    ],
  ])('ignores a cluster %s, saying why', (_what, annotations, why) => {
    const result = clusterFromEntity(
      clusterEntity('eks-prod', annotations),
      options,
    );
    expect('problem' in result && result.problem).toMatch(why);
  });

  it('never passes a token from the catalog on, and skips TLS checks only when the locator allows it', () => {
    const entity = clusterEntity('eks-prod', {
      serviceAccountToken: 'stolen',
      'kubernetes.io/skip-tls-verify': 'true',
    });
    const strict = clusterFromEntity(entity, options) as {
      cluster: ClusterDetails;
    };
    expect(strict.cluster.authMetadata).not.toHaveProperty(
      'serviceAccountToken',
    );
    expect(strict.cluster.skipTLSVerify).toBe(false);
    const lax = clusterFromEntity(
      entity,
      readCatalogClusterOptions(
        config({}, { dangerouslyAllowSkipTLSVerify: true }),
      )!,
    ) as { cluster: ClusterDetails };
    expect(lax.cluster.skipTLSVerify).toBe(true);
  });
});

describe('CatalogClusterSync', () => {
  const settings = readCatalogClusterOptions(config())!;
  const sync = (entities: Entity[], configNames: string[] = []) => {
    const target = {
      clusters: [] as ClusterDetails[],
      setCatalogClusters(clusters: ClusterDetails[]) {
        this.clusters = clusters.filter(c => !configNames.includes(c.name));
        return {
          shadowed: clusters
            .filter(c => configNames.includes(c.name))
            .map(c => c.name),
        };
      },
    };
    const s = new CatalogClusterSync({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      settings,
      target,
    });
    return { s, target };
  };

  it('hands over trusted clusters and keeps why others were ignored', async () => {
    const { s, target } = sync([
      clusterEntity('eks-prod'),
      clusterEntity('eks-evil', {
        'kubernetes.io/api-server': 'https://attacker.example',
      }),
      clusterEntity('eks-dev'),
      // documentation only: no API server, not a problem
      {
        ...clusterEntity('eks-doc'),
        metadata: { name: 'eks-doc', annotations: {} },
      },
    ]);
    await s.sync();
    expect(target.clusters.map(c => c.name)).toEqual(['eks-prod', 'eks-dev']);
    expect(s.problems()).toEqual([
      expect.stringMatching(/^Ignoring kubernetes-cluster Resource 'eks-evil'/),
    ]);
  });

  it('says when the config has a cluster of the same name (the config wins)', async () => {
    const { s, target } = sync([clusterEntity('eks-prod')], ['eks-prod']);
    await s.sync();
    expect(target.clusters).toEqual([]);
    expect(s.problems()).toEqual([
      "Catalog cluster 'eks-prod' is also in the kubernetes config; the config's entry is used",
    ]);
  });
});
