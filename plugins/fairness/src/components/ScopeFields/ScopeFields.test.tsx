import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ScopeFields, ScopeForm, localToIso } from './ScopeFields';

describe('localToIso', () => {
  it('reads a datetime-local value in the browser zone; empty is no bound', () => {
    expect(localToIso('2026-12-01T10:30')).toBe(
      new Date(2026, 11, 1, 10, 30).toISOString(),
    );
    expect(localToIso('')).toBeUndefined();
    expect(localToIso(undefined)).toBeUndefined();
  });
});

describe('ScopeFields', () => {
  it('edits the game server and the played-between range of its form', () => {
    let seen: ScopeForm = {};
    function Form() {
      const [form, setForm] = useState<ScopeForm>({ gameServerId: 'gs-1' });
      seen = form;
      const set =
        (key: keyof ScopeForm) => (e: { target: { value: string } }) =>
          setForm(f => ({ ...f, [key]: e.target.value || undefined }));
      return <ScopeFields form={form} set={set} />;
    }
    render(<Form />);
    expect(screen.getByLabelText('Game server')).toHaveValue('gs-1');
    fireEvent.change(screen.getByLabelText('Played from'), {
      target: { value: '2026-12-01T10:30' },
    });
    fireEvent.change(screen.getByLabelText('Played before'), {
      target: { value: '2026-12-02T00:00' },
    });
    fireEvent.change(screen.getByLabelText('Game server'), {
      target: { value: '' },
    });
    expect(seen).toEqual({
      gameServerId: undefined,
      fromLocal: '2026-12-01T10:30',
      toLocal: '2026-12-02T00:00',
    });
  });
});
