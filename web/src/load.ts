// Loading data for a page: one composable that runs a loader when its inputs change, cancels
// the previous run, and keeps the error for StatusBlock to explain. `markReady` records when a
// page's data is on screen (performance mark `chainchief:ready`), which the browser tests read
// to measure load time from navigation start.
import { hasEndpoint } from "./api/endpoints";
import { nextTick, onBeforeUnmount, ref, shallowRef, watch, type Ref, type WatchSource } from "vue";

export interface Loaded<T> {
  data: Ref<T | null>;
  error: Ref<unknown>;
  loading: Ref<boolean>;
  reload: () => Promise<void>;
}

export function useLoad<T>(
  loader: (signal: AbortSignal) => Promise<T>,
  inputs: WatchSource[] = [],
): Loaded<T> {
  const data = shallowRef<T | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(true);
  let controller: AbortController | null = null;

  async function reload() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    try {
      const value = await loader(mine.signal);
      if (mine.signal.aborted) return;
      data.value = value;
    } catch (e) {
      if (mine.signal.aborted) return;
      data.value = null;
      error.value = e;
    } finally {
      if (!mine.signal.aborted) loading.value = false;
    }
  }

  watch(inputs, () => void reload(), { immediate: true });
  onBeforeUnmount(() => controller?.abort());
  return { data: data as Ref<T | null>, error, loading, reload };
}

/** Marks the page's data as rendered once `done` turns true (after the next paint). */
export function markReady(done: Ref<boolean> | (() => boolean), page: string): void {
  const stop = watch(
    done,
    (ready) => {
      if (!ready) return;
      void nextTick(() =>
        requestAnimationFrame(() => {
          performance.mark("chainchief:ready", { detail: page });
          document.body.dataset.ready = page;
        }),
      );
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stop();
    delete document.body.dataset.ready;
  });
}

/**
 * Loads from an endpoint that may not exist yet: `available` is false (and nothing is called)
 * while the server's OpenAPI document lacks `documentPath`.
 */
export function useEndpoint<T>(
  documentPath: string,
  loader: (signal: AbortSignal) => Promise<T>,
  inputs: WatchSource[] = [],
): Loaded<T | null> & { available: Ref<boolean | null> } {
  const available = ref<boolean | null>(null);
  const loaded = useLoad(async (signal) => {
    available.value = await hasEndpoint(documentPath);
    return available.value ? loader(signal) : null;
  }, inputs);
  return { ...loaded, available };
}
