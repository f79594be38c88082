/**
 * Scaffolder actions and local git publishing for the casino platform's
 * software templates.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { scaffolderModuleCasino } from './module';
import { localGitUrlReaderFactory } from './urlReader';

export { scaffolderModuleCasino } from './module';
export { localGitUrlReaderFactory } from './urlReader';

/**
 * The scaffolder module plus the URL reader for the local repositories it
 * publishes (one `backend.add` line).
 *
 * @public
 */
export default createBackendFeatureLoader({
  *loader() {
    yield scaffolderModuleCasino;
    yield localGitUrlReaderFactory;
  },
});
