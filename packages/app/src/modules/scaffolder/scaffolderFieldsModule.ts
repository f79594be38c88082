import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

const availableName = FormFieldBlueprint.make({
  name: 'available-name',
  params: {
    field: async () => {
      const { AvailableNameField, validateAvailableName } = await import(
        './AvailableNameField'
      );
      return createFormField({
        name: 'AvailableName',
        component: AvailableNameField,
        validation: validateAvailableName,
      });
    },
  },
});

const instanceFamilies = FormFieldBlueprint.make({
  name: 'instance-families',
  params: {
    field: async () => {
      const { InstanceFamiliesField, validateInstanceFamilies } = await import(
        './InstanceFamiliesField'
      );
      return createFormField({
        name: 'InstanceFamilies',
        component: InstanceFamiliesField,
        validation: validateInstanceFamilies,
      });
    },
  },
});

const chainClient = FormFieldBlueprint.make({
  name: 'chain-client',
  params: {
    field: async () => {
      const { ChainClientField, validateChainClient } = await import(
        './ChainClientField'
      );
      return createFormField({
        name: 'ChainClient',
        component: ChainClientField,
        validation: validateChainClient,
      });
    },
  },
});

const catalogEntityPicker = FormFieldBlueprint.make({
  name: 'catalog-entity-picker',
  params: {
    field: async () => {
      const { CatalogEntityPickerField, validateCatalogEntity } = await import(
        './CatalogEntityPickerField'
      );
      return createFormField({
        name: 'CatalogEntityPicker',
        component: CatalogEntityPickerField,
        validation: validateCatalogEntity,
      });
    },
  },
});

const deployEstimate = FormFieldBlueprint.make({
  name: 'deploy-estimate',
  params: {
    field: async () => {
      const { DeployEstimateField } = await import('./DeployEstimateField');
      return createFormField({
        name: 'DeployEstimate',
        component: DeployEstimateField,
      });
    },
  },
});

/**
 * The templates' own form fields (templates/*): a name checked against the
 * catalog while it is typed, instance families filtered by the chosen
 * architecture, chain clients filtered by the chosen chain, catalog pickers that show names rather than references, and
 * a deployment's clusters and monthly cost.
 */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    availableName,
    instanceFamilies,
    chainClient,
    catalogEntityPicker,
    deployEstimate,
  ],
});
