import { useCallback, useEffect, useState } from "react";
import { apiFetch } from "./api";

/**
 * A GET of Keyway's API, made when the component mounts and again on each `reload()`: the latest
 * answer (null until the first arrives) and the message of a failed load. A load nobody wants any
 * more (the component gone, or a newer reload started) is aborted and never lands. `error` is the
 * component's to share: a failed change sets it too, and a later load leaves it as it is.
 */
export function useApiLoad<T>(path: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    apiFetch<T>(path, { signal: controller.signal }).then(
      (result) => {
        if (controller.signal.aborted) return;
        if (result.ok) setData(result.data);
        else setError(result.message);
      },
      () => undefined, // aborted
    );
    return () => controller.abort();
  }, [path, round]);

  const reload = useCallback(() => setRound((current) => current + 1), []);
  return { data, error, setError, reload };
}
