import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { LocalGitUrlReader } from './git/LocalGitUrlReader';

/**
 * Lets every plugin's UrlReader (catalog, TechDocs, scaffolder) read the
 * local default's repositories by their `file://<gitDir>/<repo>.git/...`
 * URLs.
 *
 * @public
 */
export const localGitUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitUrlReader.factory;
  },
});
