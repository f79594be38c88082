import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { nodeMixApiRef } from '@internal/plugin-node-mix';
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
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'chain-node-ethereum-3-prod',
        title: 'ethereum node ethereum-3-prod',
      },
      spec: { type: 'chain-node', owner: 'group:default/chains' },
    },
  ],
});

/** The field as RJSF drives it: it holds the value the field reports. */
function Harness(props: { options?: object; form?: Record<string, unknown> }) {
  const [value, setValue] = useState<string | undefined>();
  const fieldProps = {
    onChange: setValue,
    formData: value,
    formContext: { formData: { ...props.form, name: value } },
    required: true,
    schema: { title: 'Name', description: 'A DNS-1123 label' },
    uiSchema: { 'ui:options': props.options ?? { kind: 'Component' } },
    idSchema: { $id: 'root_name' },
    rawErrors: [],
  } as any;
  return <AvailableNameField {...fieldProps} />;
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

describe('AvailableNameField on the chain node form', () => {
  it("says a node name is taken in the form's environment, by its catalog Resource", async () => {
    await renderInTestApp(
      <Harness
        options={{
          kind: 'Resource',
          entityName: 'chain-node-{value}-{environment}',
        }}
        form={{ environment: 'prod' }}
      />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'ethereum-3',
    );
    expect(
      await screen.findByText(
        "'ethereum-3' is already taken by the resource ethereum node ethereum-3-prod (owned by chains). Choose another name.",
      ),
    ).toBeInTheDocument();
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

describe('validateAvailableName on the infra templates', () => {
  const nodeMixApi = {
    listClusters: async () => [{ name: 'demo-eks-dev' }],
    getCluster: async (name: string) => ({
      name,
      title: 'EKS dev (demo)',
      summary: { nodePools: [{ name: 'graviton' }] },
    }),
  };
  const apis = new Map<string, unknown>([
    [catalogApiRef.id, catalogApi],
    [nodeMixApiRef.id, nodeMixApi],
  ]);
  const apiHolder = { get: (ref: { id: string }) => apis.get(ref.id) } as any;

  it("refuses a NodePool name a cluster runs on Next (karpenter-nodepool's options)", async () => {
    const validation = createFieldValidation();
    await validateAvailableName('graviton', validation, {
      apiHolder,
      formData: { environment: 'dev' },
      schema: {},
      uiSchema: { 'ui:options': { source: 'nodePools' } },
    });
    expect(validation.__errors).toEqual([
      "'graviton' is already a NodePool in EKS dev (demo). Choose another name.",
    ]);
  });
});
