// Entry point: the theme is applied and the one socket of the page started before the first
// render, so subscriptions made during mount go out as soon as it opens.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { defaultSocketUrl, MarketSocket } from './api/market-socket.ts';
import { SocketContext } from './state/socket-context.ts';
import './state/theme-store.ts';
import { App } from './views/app.tsx';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';

const socket = new MarketSocket({ url: defaultSocketUrl() });
socket.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SocketContext.Provider value={socket}>
      <App />
    </SocketContext.Provider>
  </StrictMode>,
);
