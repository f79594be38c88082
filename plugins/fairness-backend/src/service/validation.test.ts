import { makeRound } from '../__testUtils__/fixtures';
import { filterSchema, parse, parseRound } from './validation';

describe('parse', () => {
  it('leads every issue with its field, prefixed, joined by semicolons', () => {
    const round = { ...makeRound('s', 0), nonce: -1, currency: 'eur' };
    expect(() => parseRound(round, 'rounds[1]')).toThrow(
      'rounds[1].nonce: Too small: expected number to be >=0; rounds[1].currency: must be an upper-case currency code',
    );
  });

  it("words a union's alternatives as zod-validation-error does", () => {
    const round = { ...makeRound('s', 0), gameParams: { target: {} } };
    expect(() => parseRound(round)).toThrow(
      'gameParams.target: Invalid input: expected string, received object or Invalid input: expected number, received object or Invalid input: expected array, received object',
    );
  });

  it('names the body when the whole value is wrong', () => {
    expect(() => parse(filterSchema, 'text')).toThrow(
      'body: Invalid input: expected object, received string',
    );
  });
});
