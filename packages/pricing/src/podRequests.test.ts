import { podRequests } from './podRequests';

const q = (v: unknown) => Number(v);

describe('podRequests', () => {
  it('sums containers, takes the larger init container, adds sidecars and overhead', () => {
    expect(
      podRequests(
        {
          spec: {
            containers: [
              { resources: { requests: { cpu: 1, memory: 100 } } },
              { resources: { requests: { cpu: 0.5 } } },
              {},
            ],
            initContainers: [
              { resources: { requests: { cpu: 2, memory: 50 } } },
              {
                restartPolicy: 'Always',
                resources: { requests: { cpu: 0.25, memory: 10 } },
              },
            ],
            overhead: { cpu: 0.1, memory: 5 },
          },
        },
        q,
      ),
    ).toEqual({ cpu: 2.1, mem: 115 });
  });

  it('reports what it cannot read and counts it as nothing', () => {
    const seen: string[] = [];
    const r = podRequests(
      {
        spec: {
          containers: [{ resources: { requests: { cpu: 'x', memory: 1 } } }],
        },
      },
      (v, what) => {
        if (v === 'x') {
          seen.push(what);
          return 0;
        }
        return Number(v);
      },
    );
    expect(r).toEqual({ cpu: 0, mem: 1 });
    expect(seen).toEqual(['pod cpu request']);
  });
});
