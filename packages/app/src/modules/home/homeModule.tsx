import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

const roleGuideWidget = HomePageWidgetBlueprint.make({
  name: 'role-guide',
  params: {
    name: 'RoleGuide',
    title: 'Start here',
    description: "Each role's pages: developers, on-call, auditors, readers",
    components: async () => {
      const { RoleGuide, roles } = await import('./RoleGuide');
      return { Content: () => <RoleGuide roles={roles} /> };
    },
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [roleGuideWidget],
});
