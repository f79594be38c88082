import {
  checkObjectMetadata,
  dns1123LabelError,
  labelKeyError,
  labelValueError,
} from './metadataRules';

describe('metadata rules', () => {
  it.each(['', 'v1.2.3', 'a_b-c.d', 'x'.repeat(63)])(
    'accepts label value %j',
    v => expect(labelValueError(v)).toBeUndefined(),
  );
  it.each(['sha256:abc', '-a', 'a-', 'a b', 'x'.repeat(64), 'a/b'])(
    'refuses label value %j',
    v => expect(labelValueError(v)).toBeDefined(),
  );
  it.each(['app', 'app.kubernetes.io/name', 'backstage.io/kubernetes-id'])(
    'accepts label key %j',
    k => expect(labelKeyError(k)).toBeUndefined(),
  );
  it.each(['a/b/c', 'Bad_Prefix/x', '/x', 'x/', `p/${'x'.repeat(64)}`])(
    'refuses label key %j',
    k => expect(labelKeyError(k)).toBeDefined(),
  );
  it('refuses a Service name that is no DNS-1123 label', () => {
    expect(dns1123LabelError('game.api')).toBeDefined();
    expect(
      checkObjectMetadata({
        kind: 'Service',
        metadata: { name: 'game.api' },
      }).map(p => p.path),
    ).toEqual([['metadata', 'name']]);
  });
  it('checks pod template labels, container and port names of workloads', () => {
    const problems = checkObjectMetadata({
      kind: 'Deployment',
      metadata: { name: 'game-api', labels: { version: '1.0+build' } },
      spec: {
        selector: { matchLabels: { app: 'game-api' } },
        template: {
          metadata: { labels: { app: 'game-api', commit: 'x'.repeat(64) } },
          spec: {
            containers: [
              {
                name: 'Game',
                ports: [{ name: 'http-metrics-port', containerPort: 1 }],
              },
            ],
          },
        },
      },
    });
    expect(problems.map(p => p.path.join('.'))).toEqual([
      'metadata.labels.version',
      'spec.template.metadata.labels.commit',
      'spec.template.spec.containers.0.name',
      'spec.template.spec.containers.0.ports.0.name',
    ]);
  });
});
