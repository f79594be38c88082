import { InputError } from '@backstage/errors';
import { FairnessRound, GAMES } from '@internal/plugin-fairness-common';
import { z } from 'zod';
import {
  MessageBuilder,
  fromZodError,
  fromZodIssue,
} from 'zod-validation-error';

const hex64 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (sha256)');
const id = z.string().min(1).max(200);
const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * A query-string integer written in plain decimal. `z.coerce.number()` would
 * take `''` as 0 and `0x10` as 16; a typo must be a 400, not another query.
 */
export function queryInt(options: { min?: number; max?: number } = {}) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  return z
    .string()
    .regex(/^(0|-?[1-9]\d{0,15})$/, 'must be a decimal integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** Numbers drawn without replacement (keno picks, mine tiles) never repeat. */
function distinct(numbers: number[], ctx: z.RefinementCtx) {
  const seen = new Set<number>();
  numbers.forEach((n, i) => {
    if (seen.has(n)) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `repeats ${n}; the numbers are drawn without replacement`,
      });
    }
    seen.add(n);
  });
}

const resultByGame = {
  dice: z.number().min(0).max(100),
  limbo: z.number().min(1).finite(),
  crash: z.number().min(1).finite(),
  roulette: z.number().int().min(0).max(36),
  plinko: z
    .object({
      bucket: z.number().int().min(0).max(16),
      multiplier: z.number().nonnegative(),
    })
    .strict(),
  keno: z
    .array(z.number().int().min(1).max(40))
    .length(10)
    .superRefine(distinct),
  mines: z
    .array(z.number().int().min(0).max(24))
    .min(1)
    .max(24)
    .superRefine(distinct),
} as const;

/** A multiplier or target written with at most two decimals, as the games show them. */
const twoDecimals = (min: number, max: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine(n => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, {
      message: 'must have at most two decimals',
    });

/** The player's bet: optional, so rounds logged before bets were recorded stay valid. */
const paramsByGame = {
  dice: z
    .object({
      target: twoDecimals(2, 98).optional(),
      direction: z.enum(['over', 'under']).optional(),
    })
    .strict()
    .refine(p => (p.target === undefined) === (p.direction === undefined), {
      message: 'target and direction go together',
      path: ['direction'],
    }),
  limbo: z.object({ target: twoDecimals(1.01, 1_000_000).optional() }).strict(),
  crash: z
    .object({ cashout: twoDecimals(1.01, 1_000_000).optional() })
    .strict(),
  roulette: z
    .object({
      bet: z
        .string()
        .regex(
          /^(red|black|odd|even|low|high|dozen-[123]|column-[123]|straight-([0-9]|[12][0-9]|3[0-6]))$/,
          'must be red, black, odd, even, low, high, dozen-1..3, column-1..3 or straight-0..36',
        )
        .optional(),
    })
    .strict(),
  keno: z
    .object({
      picks: z
        .array(z.number().int().min(1).max(40))
        .min(1)
        .max(10)
        .superRefine(distinct)
        .optional(),
    })
    .strict(),
  plinko: z
    .object({
      rows: z.number().int().min(8).max(16),
      risk: z.enum(['low', 'medium', 'high']),
    })
    .strict(),
  mines: z
    .object({
      mines: z.number().int().min(1).max(24),
      picks: z
        .array(z.number().int().min(0).max(24))
        .min(1)
        .max(24)
        .superRefine(distinct)
        .optional(),
    })
    .strict()
    .refine(p => !p.picks || p.picks.length <= 25 - p.mines, {
      message: 'more tiles opened than there are safe tiles',
      path: ['picks'],
    }),
} as const;

/** A round as game servers submit it. */
export const roundSchema = z
  .object({
    roundId: id,
    game: z.enum(GAMES),
    gameParams: z
      .record(
        z.string(),
        z.union([z.string(), z.number(), z.array(z.number()).max(40)]),
      )
      .default({}),
    gameServerId: id,
    playerId: id,
    serverSeedHash: hex64,
    clientSeed: id,
    nonce: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    result: z.unknown(),
    wagerMinor: minor,
    payoutMinor: minor,
    currency: z
      .string()
      .regex(/^[A-Z0-9]{3,8}$/, 'must be an upper-case currency code'),
    playedAt: z.string().datetime({ offset: true }),
  })
  .strict()
  .superRefine((round, ctx) => {
    const params = paramsByGame[round.game].safeParse(round.gameParams);
    if (!params.success) {
      for (const issue of params.error.issues) {
        ctx.addIssue({ ...issue, path: ['gameParams', ...issue.path] } as any);
      }
    }
    const result = resultByGame[round.game].safeParse(round.result);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue, path: ['result', ...issue.path] } as any);
      }
    } else if (
      round.game === 'mines' &&
      Array.isArray(round.result) &&
      round.result.length !== round.gameParams.mines
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['result'],
        message: `must list exactly ${round.gameParams.mines} mine tiles`,
      });
    }
  })
  .transform(round => ({
    ...round,
    // One spelling per instant, so the canonical encoding is unambiguous.
    playedAt: new Date(round.playedAt).toISOString(),
  }));

export const batchSchema = z
  .object({ rounds: z.array(z.unknown()).min(1).max(1000) })
  .strict();

export const revealSchema = z
  .object({ serverSeedHash: hex64, serverSeed: z.string().min(1).max(1000) })
  .strict();

export const commitSchema = z
  .object({ serverSeedHash: hex64, clientSeed: id, gameServerId: id })
  .strict();

const isoDate = z
  .string()
  .datetime({ offset: true })
  .transform(v => new Date(v).toISOString());

export const filterSchema = z.object({
  roundId: id.optional(),
  roundIdPrefix: id.optional(),
  gameServerId: id.optional(),
  playerId: id.optional(),
  game: z.enum(GAMES).optional(),
  serverSeedHash: hex64.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const searchSchema = filterSchema.extend({
  limit: queryInt({ min: 1, max: 500 }).default(50),
  before: queryInt().optional(),
});

export const pageSchema = z.object({
  after: queryInt({ min: -1 }).optional(),
  limit: queryInt({ min: 1, max: 5000 }).default(500),
});

/** Most rounds in one evidence download; page on with `after`. */
export const EXPORT_MAX_ROUNDS = 10_000;
/** Most earlier tree sizes one export proves consistency from. */
export const EXPORT_MAX_CONSISTENCY_PROOFS = 16;

export const exportSchema = filterSchema.extend({
  consistencyFrom: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(v =>
      v === undefined ? [] : [v].flat().flatMap(s => s.split(',')),
    )
    .pipe(
      z
        .array(queryInt())
        .max(
          EXPORT_MAX_CONSISTENCY_PROOFS,
          `at most ${EXPORT_MAX_CONSISTENCY_PROOFS} tree sizes`,
        ),
    ),
  after: queryInt({ min: -1 }).optional(),
  limit: queryInt({ min: 1, max: EXPORT_MAX_ROUNDS }).default(
    EXPORT_MAX_ROUNDS,
  ),
});

/** Most rounds in one evidence pack; page on with `after`. */
export const PACK_MAX_ROUNDS = 5_000;

/** A regulator evidence pack: a player, a game server and/or a played-at range, one page. */
export const packSchema = z
  .object({
    playerId: id.optional(),
    gameServerId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    after: queryInt({ min: -1 }).optional(),
    limit: queryInt({ min: 1, max: PACK_MAX_ROUNDS }).default(1_000),
    format: z.enum(['ndjson', 'markdown']).default('ndjson'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.playerId && !q.gameServerId && !(q.from && q.to)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['scope'],
        message: 'give playerId, gameServerId, or both from and to',
      });
    }
    if (q.from && q.to && q.from >= q.to) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['to'],
        message: 'must be after from',
      });
    }
  });

/** Deeper than any fairness request needs (a batch of plinko rounds is 4). */
export const MAX_JSON_DEPTH = 8;

// In a /u regex a surrogate code point only matches when it is unpaired.
const LONE_SURROGATE = /\p{Cs}/u;

function checkString(value: string, where: string) {
  if (LONE_SURROGATE.test(value)) {
    throw new InputError(
      `${where}: is not well-formed Unicode (lone surrogate); it cannot be stored as UTF-8 and would no longer hash to its leaf`,
    );
  }
  if (value.includes('\u0000')) {
    throw new InputError(`${where}: must not contain NUL characters`);
  }
}

/**
 * One cheap pass over a parsed body before any schema: refuses nesting
 * deeper than {@link MAX_JSON_DEPTH} and strings or keys that are not
 * well-formed Unicode, naming the field. The recursion stops at the depth
 * limit, so hostile nesting costs nothing.
 */
export function checkJsonBody(value: unknown, path: PropertyKey[] = []): void {
  if (path.length > MAX_JSON_DEPTH) {
    throw new InputError(
      `${
        fieldPath(path.slice(0, MAX_JSON_DEPTH)) || 'body'
      }: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  if (typeof value === 'string') {
    checkString(value, fieldPath(path) || 'body');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkJsonBody(item, [...path, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkString(key, `${fieldPath(path) || 'body'} (key)`);
      checkJsonBody(item, [...path, key]);
    }
  }
}

function fieldPath(parts: PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else if (part !== '') {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out;
}

/**
 * Words every issue as zod-validation-error does (a union's alternatives
 * joined with "or"), led by the field it is about, as game servers and the
 * tests read them: `rounds[1].nonce: …; rounds[1].currency: …`.
 */
function fieldFirst(prefix: string): MessageBuilder {
  return issues =>
    issues
      .map(
        issue =>
          `${fieldPath([prefix, ...issue.path]) || 'body'}: ${
            fromZodIssue(issue, {
              prefix: null,
              includePath: false,
              forceTitleCase: false,
            }).message
          }`,
      )
      .join('; ');
}

/** Parses with a schema or throws an InputError that names every bad field. */
export function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  prefix = '',
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      fromZodError(parsed.error, {
        messageBuilder: fieldFirst(prefix),
      }).message,
    );
  }
  return parsed.data;
}

export function parseRound(value: unknown, prefix = ''): FairnessRound {
  return parse(roundSchema, value, prefix) as FairnessRound;
}
