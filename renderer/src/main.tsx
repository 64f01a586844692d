import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.js';
import { ClientProvider } from './api/ClientContext.js';
import { App } from './App.js';
import { initI18n } from './i18n/index.js';
import { ErrorProvider } from './state/errors.js';
import './styles.css';

initI18n();
const client = createClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientProvider client={client}>
      <ErrorProvider>
        <App />
      </ErrorProvider>
    </ClientProvider>
  </StrictMode>,
);
