import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { InstanceFamiliesField } from './InstanceFamiliesField';
import { validateInstanceFamilies } from './validation';

// As in templates/karpenter-nodepool/template.yaml
const options = {
  families: { arm64: ['m7g', 'c7g', 'r7g'], amd64: ['m6i', 'c6i', 'r6i'] },
  defaults: { arm64: ['m7g', 'c7g'], amd64: ['m6i', 'c6i'] },
};

let reported: string[] | undefined;

/** The form's architecture select and the families field, as RJSF drives them. */
function Harness(props: { initial: string[]; architecture?: string }) {
  const [architecture, setArchitecture] = useState<string | undefined>(
    'architecture' in props ? props.architecture : 'arm64',
  );
  const [families, setFamilies] = useState<string[] | undefined>(props.initial);
  reported = families;
  const fieldProps = {
    onChange: setFamilies,
    formData: families,
    formContext: { formData: { architecture, families } },
    required: true,
    schema: { title: 'Instance families' },
    uiSchema: { 'ui:options': options },
    idSchema: { $id: 'root_families' },
    rawErrors: [],
  } as any;
  return (
    <>
      <button onClick={() => setArchitecture('amd64')}>amd64</button>
      <button onClick={() => setArchitecture('arm64')}>arm64</button>
      <InstanceFamiliesField {...fieldProps} />
    </>
  );
}

// Checkbox clicks through the test app take seconds on a loaded machine
jest.setTimeout(30_000);

describe('InstanceFamiliesField', () => {
  it('offers only the families of the chosen architecture', async () => {
    await renderInTestApp(<Harness initial={['m7g', 'c7g']} />);
    expect(
      screen.getAllByRole('checkbox').map(c => c.getAttribute('name')),
    ).toEqual(['m7g', 'c7g', 'r7g']);
    expect(screen.getByRole('checkbox', { name: 'm7g' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'r7g' })).not.toBeChecked();
  });

  it("drops the other architecture's ticked families when the architecture changes", async () => {
    await renderInTestApp(<Harness initial={['m7g', 'c7g']} />);
    await userEvent.click(screen.getByRole('button', { name: 'amd64' }));
    expect(
      screen.getAllByRole('checkbox').map(c => c.getAttribute('name')),
    ).toEqual(['m6i', 'c6i', 'r6i']);
    // nothing of arm64 is left hidden in the form data
    expect(reported).toEqual(['m6i', 'c6i']);
    expect(screen.getByRole('checkbox', { name: 'm6i' })).toBeChecked();
  });

  it('drops a family of the other architecture that came in with the form data', async () => {
    await renderInTestApp(<Harness initial={['m7g', 'm6i']} />);
    expect(reported).toEqual(['m7g']);
  });

  it('keeps the ticked families while the architecture is not known yet', async () => {
    // The scaffolder form reports the architecture's default a render after
    // the families' default
    await renderInTestApp(
      <Harness initial={['m7g', 'c7g']} architecture={undefined} />,
    );
    expect(
      screen.getByText('Choose an architecture first.'),
    ).toBeInTheDocument();
    expect(reported).toEqual(['m7g', 'c7g']);
    await userEvent.click(screen.getByRole('button', { name: 'arm64' }));
    expect(screen.getByRole('checkbox', { name: 'm7g' })).toBeChecked();
    expect(reported).toEqual(['m7g', 'c7g']);
  });

  it('ticks and unticks in the order offered', async () => {
    await renderInTestApp(<Harness initial={['c7g']} />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'm7g' }));
    expect(reported).toEqual(['m7g', 'c7g']);
    await userEvent.click(screen.getByRole('checkbox', { name: 'c7g' }));
    expect(reported).toEqual(['m7g']);
  });
});

describe('validateInstanceFamilies', () => {
  const run = (value: string[], architecture: string) => {
    const validation = createFieldValidation();
    validateInstanceFamilies(value, validation, {
      apiHolder: {} as any,
      formData: { architecture, families: value },
      schema: {},
      uiSchema: { 'ui:options': options },
    });
    return validation.__errors;
  };

  it('refuses a family of the other architecture in words', () => {
    expect(run(['m7g', 'm6i'], 'arm64')).toEqual([
      'm6i does not run arm64: choose from m7g, c7g, r7g.',
    ]);
  });

  it('accepts families of the chosen architecture', () => {
    expect(run(['m6i', 'c6i'], 'amd64')).toEqual([]);
  });
});
