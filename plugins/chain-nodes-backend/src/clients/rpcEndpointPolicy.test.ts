import { createRpcEndpointPolicy } from './rpcEndpointPolicy';

describe('createRpcEndpointPolicy', () => {
  const policy = createRpcEndpointPolicy([
    '127.0.0.1',
    'localhost:8545',
    '.chains.internal',
    '10.100.0.0/16',
    '::1',
  ]);

  it.each([
    'http://127.0.0.1:8545',
    'http://127.0.0.1:9999/rpc',
    'http://localhost:8545',
    'https://fsn1-1.chains.internal:8545',
    'http://10.100.1.5:8545',
    'http://[::1]:8545',
  ])('allows %s', endpoint => {
    expect(policy.refusal(endpoint)).toBeUndefined();
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', "host '169.254.169.254'"],
    ['http://localhost:5432', "host 'localhost'"],
    ['http://10.101.0.1:8545', "host '10.101.0.1'"],
    ['http://evilchains.internal:8545', "host 'evilchains.internal'"],
    ['http://10.100.0.0.nip.io:8545', "host '10.100.0.0.nip.io'"],
    ['http://example.com:8545', "host 'example.com'"],
    ['file:///etc/passwd', "scheme 'file:'"],
    ['http://user:pw@127.0.0.1:8545', 'credentials'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (endpoint, reason) => {
    expect(policy.refusal(endpoint)).toContain(reason);
  });

  it('refuses a config entry it cannot read', () => {
    expect(() => createRpcEndpointPolicy(['http://x/y'])).toThrow(
      "chainNodes.allowedRpcHosts entry 'http://x/y'",
    );
  });
});
