import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { searchModule } from './modules/search';
import { techdocsModule } from './modules/techdocs';
import { scaffolderFieldsModule } from './modules/scaffolder';

/**
 * The portal's app. Plugins listed in package.json are discovered
 * automatically (`app.packages: all`); modules here customise the shell.
 */
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    searchModule,
    techdocsModule,
    scaffolderFieldsModule,
  ],
});
