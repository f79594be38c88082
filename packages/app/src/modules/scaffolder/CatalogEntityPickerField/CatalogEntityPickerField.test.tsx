import { useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { CatalogEntityPickerField } from './CatalogEntityPickerField';
import { validateCatalogEntity } from './validation';

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
      kind: 'Component',
      metadata: { name: 'bonus-engine' },
      spec: { type: 'service', owner: 'group:default/direct' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'direct', title: 'Direct' },
      spec: { type: 'team', profile: { displayName: 'Direct team' } },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'auditors' },
      spec: { type: 'team' },
    },
  ],
});

/** The field as RJSF drives it: it holds the value the field reports. */
function Harness(props: { initial?: string; options: object; title: string }) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  const fieldProps = {
    onChange: setValue,
    formData: value,
    required: true,
    schema: { title: props.title },
    uiSchema: { 'ui:options': props.options },
    idSchema: { $id: 'root_name' },
    rawErrors: [],
  } as any;
  return (
    <>
      <CatalogEntityPickerField {...fieldProps} />
      <output data-testid="value">{value ?? ''}</output>
    </>
  );
}

const componentPicker = {
  title: 'Service',
  options: { defaultKind: 'Component', catalogFilter: [{ kind: 'Component' }] },
};

describe('CatalogEntityPickerField', () => {
  it("shows a prefilled component reference by the component's name, keeping the reference", async () => {
    await renderInTestApp(
      <Harness {...componentPicker} initial="component:default/bonus-engine" />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    const input = screen.getByRole('combobox', { name: /Service/ });
    await waitFor(() => expect(input).toHaveValue('bonus-engine'));
    expect(screen.getByTestId('value')).toHaveTextContent(
      'component:default/bonus-engine',
    );
  });

  it('shows the title where there is one', async () => {
    await renderInTestApp(
      <Harness {...componentPicker} initial="component:default/wallet" />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: /Service/ })).toHaveValue(
        'Wallet',
      ),
    );
  });

  it('shows a team given as a short reference by its display name, offers names and stores the reference of the one picked', async () => {
    await renderInTestApp(
      <Harness
        title="Team"
        options={{
          defaultKind: 'Group',
          catalogFilter: [{ kind: 'Group', 'metadata.name': ['direct'] }],
        }}
        initial="direct"
      />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    const input = screen.getByRole('combobox', { name: /Team/ });
    await waitFor(() => expect(input).toHaveValue('Direct team'));
    await userEvent.clear(input);
    await userEvent.type(input, 'dir');
    // only the filter's groups: auditors is not offered
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['Direct team']);
    await userEvent.click(screen.getByRole('option', { name: 'Direct team' }));
    expect(screen.getByTestId('value')).toHaveTextContent(
      'group:default/direct',
    );
  });

  it('says a prefilled reference the catalog does not have is not in it', async () => {
    await renderInTestApp(
      <Harness {...componentPicker} initial="component:default/ghost" />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    expect(
      await screen.findByText(
        "'ghost' is not in the catalog: pick a component from the list.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /Service/ })).toHaveValue('');
  });
});

describe('validateCatalogEntity', () => {
  const context = (defaultKind: string) => ({
    apiHolder: { get: () => catalogApi } as any,
    formData: {},
    schema: {},
    uiSchema: { 'ui:options': { defaultKind } },
  });

  it.each([
    ['component:default/ghost', 'Component', "'ghost'"],
    ['group:default/direct', 'Component', "'direct'"],
  ])('refuses %s for a %s picker on Next', async (value, kind, quoted) => {
    const validation = createFieldValidation();
    await validateCatalogEntity(value, validation, context(kind));
    expect(validation.__errors).toEqual([
      `${quoted} is not in the catalog: pick a ${kind.toLowerCase()} from the list.`,
    ]);
  });

  it('lets a catalog entity through, short or full reference', async () => {
    for (const [value, kind] of [
      ['component:default/wallet', 'Component'],
      ['direct', 'Group'],
      ['group:direct', 'Group'],
    ]) {
      const validation = createFieldValidation();
      await validateCatalogEntity(value, validation, context(kind));
      expect(validation.__errors).toEqual([]);
    }
  });
});
