/*
 * Every template field checked by a pattern explains itself in words: the
 * form shows `errorMessage.pattern` (Backstage's scaffolder form applies
 * ajv-errors) instead of "must match pattern ^[a-z0-9]([-a-z0-9]*...".
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../__testUtils__/scaffolderTestBackend';

type Schema = {
  pattern?: string;
  errorMessage?: { pattern?: string };
  properties?: Record<string, Schema>;
  items?: Schema;
  title?: string;
};

function patterned(
  props: Record<string, Schema> = {},
  prefix = '',
): Array<{ field: string; schema: Schema }> {
  return Object.entries(props).flatMap(([name, schema]) => [
    ...(schema.pattern ? [{ field: `${prefix}${name}`, schema }] : []),
    ...patterned(schema.properties, `${prefix}${name}.`),
    ...(schema.items
      ? [
          ...(schema.items.pattern
            ? [{ field: `${prefix}${name}[]`, schema: schema.items }]
            : []),
          ...patterned(schema.items.properties, `${prefix}${name}[].`),
        ]
      : []),
  ]);
}

const templatesDir = path.join(repoRoot, 'templates');
const templates = fs
  .readdirSync(templatesDir)
  .filter(t => fs.existsSync(path.join(templatesDir, t, 'template.yaml')));

describe.each(templates)('%s form messages', template => {
  const doc = parse(
    fs.readFileSync(path.join(templatesDir, template, 'template.yaml'), 'utf8'),
  );
  const fields = (doc.spec.parameters as Array<{ properties?: any }>).flatMap(
    page => patterned(page.properties),
  );

  it('has patterned fields to explain', () => {
    expect(fields.length).toBeGreaterThan(0);
  });

  it('explains every pattern in words, without the regular expression', () => {
    const bad = fields
      .filter(({ schema }) => {
        const message = schema.errorMessage?.pattern;
        return (
          !message ||
          message.length < 15 ||
          /[\^$]|\[[^\]]*-[^\]]*\]|\\[.d]/.test(message) ||
          message.includes(schema.pattern!)
        );
      })
      .map(({ field }) => field);
    expect(bad).toEqual([]);
  });
});
