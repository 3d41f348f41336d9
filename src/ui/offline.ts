/// <reference types="vite-plugin-pwa/client" />
// The service worker (vite-plugin-pwa's Workbox build, vite.config.ts): after the first visit the
// page and its workers load from its cache, so the playground opens and trains with the network
// off. A new deployment installs beside the running one and waits: the page offers to switch
// (the status line's UpdateReady) instead of changing under the person's hands.
import { registerSW } from 'virtual:pwa-register';
import { pageSignal, useSignal } from './page-signal.ts';

/** Set once a new version waits: switches to it (the page reloads). */
const update = pageSignal<(() => void) | null>(null);

export function startOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    onNeedRefresh: () => update.set(() => void updateSW(true)),
    onRegisterError: (err: unknown) => console.warn('the offline copy could not be installed', err),
  });
}

export const dismissUpdate = () => update.set(null);

/** The switch to a waiting new version, or null when none waits. */
export const useUpdate = () => useSignal(update);
