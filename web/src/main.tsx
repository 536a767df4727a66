// Entry point: the theme is applied, the one socket of the page started and the instrument list
// requested before the first render, so the first chart waits for as little as possible.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetchInstruments } from './api/market-api.ts';
import { defaultSocketUrl, MarketSocket } from './api/market-socket.ts';
import { SocketContext } from './state/socket-context.ts';
import './state/theme-store.ts';
import { App } from './views/app.tsx';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';

const socket = new MarketSocket({ url: defaultSocketUrl() });
socket.start();
prefetchInstruments();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SocketContext.Provider value={socket}>
      <App />
    </SocketContext.Provider>
  </StrictMode>,
);
