import { parseSyncEvents } from './LocalSitesPrebuilder';

describe('parseSyncEvents', () => {
  it('reads whether the site was updated from the finish event', () => {
    expect(
      parseSyncEvents(
        'event: log\ndata: "Step 1 of 3"\n\nevent: finish\ndata: {"updated":true}\n\n',
      ),
    ).toBe(true);
    expect(parseSyncEvents('event: finish\ndata: {"updated":false}\n\n')).toBe(false);
  });

  it('throws the build error the TechDocs backend reported', () => {
    expect(() =>
      parseSyncEvents(
        'event: log\ndata: "Step 2 of 3"\n\nevent: error\ndata: "Failed to generate docs: Aborted with 1 warnings in strict mode"\n\n',
      ),
    ).toThrow('Failed to generate docs: Aborted with 1 warnings in strict mode');
  });

  it('throws when the stream ends without a result', () => {
    expect(() => parseSyncEvents('event: log\ndata: "Step 1 of 3"\n\n')).toThrow(
      /without a result/,
    );
  });
});
