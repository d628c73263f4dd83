// A page's choice kept in the URL's query (`?chain=SX-01`), so reloads and shared links keep it.
import { computed, type WritableComputedRef } from "vue";
import { useRoute, useRouter } from "vue-router";

export function useQueryParam(name: string, fallback = ""): WritableComputedRef<string> {
  const route = useRoute();
  const router = useRouter();
  return computed({
    get: () => {
      const value = route.query[name];
      return typeof value === "string" ? value : fallback;
    },
    set: (value: string) => {
      const query = { ...route.query };
      if (value) query[name] = value;
      else delete query[name];
      void router.replace({ query });
    },
  });
}
