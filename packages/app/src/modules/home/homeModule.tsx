import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Casino Platform Portal

One place for everything that runs the casino platform: EKS with Karpenter
(x86 and Graviton, spot and on-demand), the private chain on Hetzner and the
provably-fair games.

- **Catalog** — every team, service, API and resource: [Catalog](/)
- **Create** — new Go services, Helm deployments and Terraform changes: [Create](/create)
- **Docs** — the platform's TechDocs: [Docs](/docs)
- **APIs** — OpenAPI and gRPC definitions: [APIs](/api-docs)

Signed in as guest on the local default; see the README for production sign-in.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'Where to find things in the portal',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
