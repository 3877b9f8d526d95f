/**
 * A tiny typed key-value store over IndexedDB (one database, one object store). Values are
 * stored with the structured clone algorithm, so Float32Array weights go in as they are.
 * Every call rejects with a readable error instead of throwing synchronously.
 */
const DB_NAME = 'mtl-lab';
const STORE = 'experiment';

function request<T>(make: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode) {
  return new Promise<T>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available in this browser'));
      return;
    }
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    open.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    open.onsuccess = () => {
      const db = open.result;
      try {
        const req = make(db.transaction(STORE, mode).objectStore(STORE));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        db.close();
      }
    };
  });
}

export function readValue(key: string): Promise<unknown> {
  return request((store) => store.get(key), 'readonly');
}

export async function writeValue(key: string, value: unknown): Promise<void> {
  await request((store) => store.put(value, key), 'readwrite');
}

export async function deleteValue(key: string): Promise<void> {
  await request((store) => store.delete(key), 'readwrite');
}
