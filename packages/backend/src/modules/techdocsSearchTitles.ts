import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  defaultTechDocsCollatorDocumentTransformer,
  MkSearchIndexDoc,
  TechDocsCollatorDocumentTransformer,
  techdocsCollatorEntityTransformerExtensionPoint,
} from '@backstage/plugin-search-backend-module-techdocs';

/**
 * MkDocs indexes every heading of a page as its own document, titled with
 * the heading alone, so a search hit reads "Consolidation" without saying
 * which page it is on. This names the page: "Scale patterns › Consolidation".
 *
 * MkDocs lists a page's own entry (location without `#`) before its
 * sections, and the collator maps one site's entries in order, so the last
 * page seen is the page of the sections that follow it.
 */
export function createPageTitleTransformer(): TechDocsCollatorDocumentTransformer {
  let page: { location: string; title: string } | undefined;
  return (doc: MkSearchIndexDoc) => {
    const defaults = defaultTechDocsCollatorDocumentTransformer(doc);
    const title = defaults.title ?? doc.title;
    const [path, anchor] = doc.location.split('#', 2);
    if (anchor === undefined) {
      page = { location: path, title };
      return defaults;
    }
    if (page?.location !== path || !page.title || page.title === title) {
      return defaults;
    }
    return { ...defaults, title: `${page.title} › ${title}` };
  };
}

/** Search results of TechDocs pages name the page they are on. */
export default createBackendModule({
  pluginId: 'search',
  moduleId: 'techdocs-page-titles',
  register(env) {
    env.registerInit({
      deps: { collator: techdocsCollatorEntityTransformerExtensionPoint },
      async init({ collator }) {
        collator.setDocumentTransformer(createPageTitleTransformer());
      },
    });
  },
});
