import { ConfigReader } from '@backstage/config';
import { readCasinoScaffolderConfig } from './config';

const read = (scaffolder: object) =>
  readCasinoScaffolderConfig(
    new ConfigReader({ casino: { scaffolder: { ...scaffolder } } }),
  );

describe('readCasinoScaffolderConfig: imageRegistry', () => {
  it('defaults to the platform ECR registry and reads the region from it', () => {
    expect(read({})).toMatchObject({
      imageRegistry: '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
      imageRegistryRegion: 'eu-central-1',
    });
    expect(
      read({
        imageRegistry: '210987654321.dkr.ecr.us-gov-west-1.amazonaws.com',
      }).imageRegistryRegion,
    ).toBe('us-gov-west-1');
  });

  it.each([
    ['another registry', 'ghcr.io/casino'],
    ['a repository path', '123456789012.dkr.ecr.eu-central-1.amazonaws.com/x'],
    ['a newline', '123456789012.dkr.ecr.eu-central-1.amazonaws.com\nx: y'],
  ])('refuses %s, naming the key', (_why, imageRegistry) => {
    expect(() => read({ imageRegistry })).toThrow(
      /casino\.scaffolder\.imageRegistry must be an Amazon ECR registry host/,
    );
  });
});
