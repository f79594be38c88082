import { celEnvironment, toCelValue } from './celExtensions';

const evaluate = (expression: string, self?: unknown) =>
  celEnvironment().parse(expression)({ self: toCelValue(self, undefined) });

describe('CEL environment with the Kubernetes extensions', () => {
  it.each([
    ['"karpenter.sh/pool".find("^([^/]+)")', 'karpenter.sh'],
    ['"no-slash".find("/x")', ''],
    ['"a1b22c333".findAll("[0-9]+")', ['1', '22', '333']],
    ['"a1b22c333".findAll("[0-9]+", 2)', ['1', '22']],
    ['"a-b-c".replace("-", ".")', 'a.b.c'],
    ['"abc".charAt(1)', 'b'],
    ['"abc".reverse()', 'cba'],
    ['"al2023@latest".split("@")[0]', 'al2023'],
    ['"ABC".lowerAscii()', 'abc'],
    ['"kubernetes.io/cluster/x".startsWith("kubernetes.io/cluster")', true],
    ['"al2023@v1".matches("^[a-zA-Z0-9]+@.+$")', true],
    ['duration("56h") > duration("5m")', true],
    ['int("42") >= 0', true],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it('evaluates macros over YAML-decoded objects, integers as CEL int', () => {
    const self = {
      items: [{ a: 1 }, { b: 2 }],
      tags: { team: 'platform' },
      count: 3,
    };
    expect(evaluate('self.items.exists(x, has(x.b))', self)).toBe(true);
    expect(evaluate('self.items.all(x, has(x.a))', self)).toBe(false);
    expect(evaluate('self.items.filter(x, has(x.a)).size() == 1', self)).toBe(
      true,
    );
    expect(
      evaluate("self.tags.all(k, k != '' && self.tags[k] != '')", self),
    ).toBe(true);
    expect(evaluate('self.count == 3 && size(self.tags) == 1', self)).toBe(
      true,
    );
    expect(evaluate("'team' in self.tags", self)).toBe(true);
  });
});
