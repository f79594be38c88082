import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { TechDocsAddonLocations } from '@backstage/plugin-techdocs-react';
import { AddonBlueprint } from '@backstage/plugin-techdocs-react/alpha';
import { MermaidAddon } from './MermaidAddon';

const mermaidAddon = AddonBlueprint.make({
  name: 'mermaid',
  params: {
    name: 'Mermaid',
    location: TechDocsAddonLocations.Content,
    component: MermaidAddon,
  },
});

/** TechDocs reader additions: Mermaid diagrams drawn in place. */
export const techdocsModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [mermaidAddon],
});
