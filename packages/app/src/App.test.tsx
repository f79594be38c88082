import { render, screen } from '@testing-library/react';
import App from './App';

function setConfig(providers: string[]) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Casino Platform Portal', signIn: { providers } },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
        },
        context: 'test',
      },
    ] as any,
  };
}

describe('App', () => {
  it('renders the sign-in page with the guest provider of the local default', async () => {
    setConfig(['guest']);
    render(App.createRoot());

    expect(
      await screen.findByText(
        'Casino Platform Portal',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  }, 30_000);
});
