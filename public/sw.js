/*
 * MTL Lab's service worker: after the first visit the app works with no network. On install it
 * caches every built file listed in precache-manifest.json (written at build time by the
 * `precacheManifest` plugin in vite.config.ts); afterwards it answers same-origin requests from
 * that cache first, and caches anything else it fetches. Page loads (navigations) get the cached
 * index.html whatever the query or hash, so shared links open offline too.
 */
const MANIFEST = 'precache-manifest.json';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(MANIFEST, { cache: 'no-store' });
      const { version, files } = await response.json();
      const cache = await caches.open(`mtl-lab-${version}`);
      await cache.addAll(files);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(MANIFEST, { cache: 'no-store' }).catch(() => null);
      const current = response ? `mtl-lab-${(await response.json()).version}` : null;
      for (const name of await caches.keys()) {
        if (current && name.startsWith('mtl-lab-') && name !== current) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(request) {
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    const page = await caches.match(new URL('./index.html', self.registration.scope).href);
    if (page) return page;
  }
  const hit = await caches.match(request, {
    ignoreSearch: url.pathname.endsWith('/'),
    // Cached files were fetched without an Origin header; module scripts send one (Vary: Origin).
    ignoreVary: true,
  });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const names = (await caches.keys()).filter((n) => n.startsWith('mtl-lab-'));
    const cache = await caches.open(names[names.length - 1] ?? 'mtl-lab-runtime');
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.url.endsWith(MANIFEST)) return;
  event.respondWith(fromCache(request));
});
