import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { githubAuthApiRef, configApiRef } from '@backstage/core-plugin-api';
import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account (must be a user in the catalog)',
  apiRef: githubAuthApiRef,
};

/**
 * Sign-in page whose providers come from `app.signIn.providers`: guest on the
 * local default, GitHub in production. The backend's resolvers decide who may
 * sign in; this page only offers the buttons.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => {
      const configApi = useApi(configApiRef);
      const names = configApi.getOptionalStringArray(
        'app.signIn.providers',
      ) ?? ['guest'];
      const providers = names.map(name =>
        name === 'github' ? githubProvider : ('guest' as const),
      );
      return <SignInPage {...props} providers={providers} />;
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
