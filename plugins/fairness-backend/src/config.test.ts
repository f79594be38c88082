import { ConfigReader } from '@backstage/config';
import { readFairnessConfig } from './config';

describe('readFairnessConfig', () => {
  it('applies the defaults: signing every 30 s, no publishing after ingest, private tiles, no anchor or witnesses', () => {
    expect(readFairnessConfig(new ConfigReader({}))).toEqual({
      anchor: undefined,
      treeHeads: {
        frequency: { seconds: 30 },
        checkpointIntervalMs: undefined,
      },
      publicTiles: false,
      witnessing: undefined,
      theoreticalRtp: {},
    });
  });

  it('reads every key', () => {
    const config = readFairnessConfig(
      new ConfigReader({
        fairness: {
          anchor: { rpcUrl: 'http://chain:8545', from: '0xabc' },
          treeHeads: {
            frequency: { minutes: 1 },
            checkpointInterval: { seconds: 2 },
          },
          tiles: { public: true },
          witnesses: [
            {
              name: 'w.example/witness',
              url: 'https://w.example/',
              keyFile: 'witness.vkey',
            },
          ],
          theoreticalRtp: { dice: 0.99 },
        },
      }),
    );
    expect(config).toMatchObject({
      anchor: { rpcUrl: 'http://chain:8545', from: '0xabc' },
      treeHeads: { frequency: { minutes: 1 }, checkpointIntervalMs: 2000 },
      publicTiles: true,
      witnessing: {
        quorum: 1,
        witnesses: [{ name: 'w.example/witness', url: 'https://w.example' }],
      },
      theoreticalRtp: { dice: 0.99 },
    });
  });

  it('names the key of a bad value', () => {
    expect(() =>
      readFairnessConfig(
        new ConfigReader({ fairness: { theoreticalRtp: { dice: 2 } } }),
      ),
    ).toThrow('fairness.theoreticalRtp.dice: must be a fraction in (0, 1]');
  });
});
