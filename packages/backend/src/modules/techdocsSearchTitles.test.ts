import { createPageTitleTransformer } from './techdocsSearchTitles';

describe('createPageTitleTransformer', () => {
  it('names the page a section result is on', () => {
    const transform = createPageTitleTransformer();
    // The order MkDocs writes search/search_index.json in
    const docs = [
      { location: '', title: 'Casino platform documentation', text: '' },
      {
        location: 'platform/scale-patterns/',
        title: 'Scale patterns: 1,000 to 5,000 nodes',
        text: 'Karpenter at scale',
      },
      {
        location: 'platform/scale-patterns/#consolidation',
        title: 'Consolidation',
        text: 'consolidateAfter: 5m',
      },
      {
        location: 'on-call/karpenter-consolidation/',
        title: 'Karpenter &amp; consolidation',
        text: '',
      },
      {
        location: 'on-call/karpenter-consolidation/#checks',
        title: 'Checks',
        text: '',
      },
    ];
    expect(docs.map(d => transform(d).title)).toEqual([
      'Casino platform documentation',
      'Scale patterns: 1,000 to 5,000 nodes',
      'Scale patterns: 1,000 to 5,000 nodes › Consolidation',
      'Karpenter & consolidation',
      'Karpenter & consolidation › Checks',
    ]);
    expect(transform(docs[2]).text).toBe('consolidateAfter: 5m');
    expect(transform(docs[2]).path).toBe(
      'platform/scale-patterns/#consolidation',
    );
  });

  it('leaves a section alone when its page entry was not seen', () => {
    const transform = createPageTitleTransformer();
    transform({ location: 'a/', title: 'Page A', text: '' });
    expect(
      transform({ location: 'b/#intro', title: 'Intro', text: '' }).title,
    ).toBe('Intro');
  });
});
