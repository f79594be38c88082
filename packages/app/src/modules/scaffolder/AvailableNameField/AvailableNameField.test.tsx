import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { AvailableNameField } from './AvailableNameField';
import { validateAvailableName } from './validation';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'wallet', title: 'Wallet' },
      spec: { type: 'service', owner: 'group:default/mono' },
    },
  ],
});

/** The field as RJSF drives it: it holds the value the field reports. */
function Harness() {
  const [value, setValue] = useState<string | undefined>();
  const props = {
    onChange: setValue,
    formData: value,
    required: true,
    schema: { title: 'Name', description: 'A DNS-1123 label' },
    uiSchema: { 'ui:options': { kind: 'Component' } },
    idSchema: { $id: 'root_name' },
    rawErrors: [],
  } as any;
  return <AvailableNameField {...props} />;
}

describe('AvailableNameField', () => {
  it('says while typing that a name is taken, naming the entity and its owner', async () => {
    await renderInTestApp(<Harness />, {
      apis: [[catalogApiRef, catalogApi]],
    });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'wallet',
    );
    expect(
      await screen.findByText(
        "'wallet' is already taken by the component Wallet (owned by mono). Choose another name.",
      ),
    ).toBeInTheDocument();
  });

  it('says a free name is free', async () => {
    await renderInTestApp(<Harness />, {
      apis: [[catalogApiRef, catalogApi]],
    });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'bonus-engine',
    );
    expect(
      await screen.findByText(
        "'bonus-engine' is free: no Component of that name in the catalog.",
      ),
    ).toBeInTheDocument();
  });

  it('leaves a malformed name to the pattern message, without asking the catalog', async () => {
    const getEntityByRef = jest.spyOn(catalogApi, 'getEntityByRef');
    await renderInTestApp(<Harness />, {
      apis: [[catalogApiRef, catalogApi]],
    });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'Bad_Name',
    );
    expect(await screen.findByText('A DNS-1123 label')).toBeInTheDocument();
    expect(getEntityByRef).not.toHaveBeenCalledWith(
      'component:default/Bad_Name',
    );
    getEntityByRef.mockRestore();
  });
});

describe('validateAvailableName', () => {
  const context = {
    apiHolder: { get: () => catalogApi } as any,
    formData: {},
    schema: {},
    uiSchema: { 'ui:options': { kind: 'Component' } },
  };

  it('refuses a taken name on Next with the same words', async () => {
    const validation = createFieldValidation();
    await validateAvailableName('wallet', validation, context);
    expect(validation.__errors).toEqual([
      "'wallet' is already taken by the component Wallet (owned by mono). Choose another name.",
    ]);
  });

  it('lets a free name through', async () => {
    const validation = createFieldValidation();
    await validateAvailableName('bonus-engine', validation, context);
    expect(validation.__errors).toEqual([]);
  });
});
