import { useCallback, useEffect, useState } from "react";
import { apiFetch } from "./api";

/**
 * A GET of Keyway's API (none while `path` is null), made when the component mounts and again on
 * each `reload()`: the latest answer (null until the first arrives) and the message of a failed
 * load. A load nobody wants any more (the component gone, or a newer reload started) is aborted
 * and never lands. `error` is the component's to share: a failed change sets it too, and a later
 * load leaves it as it is.
 */
export function useApiLoad<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (path === null) return; // nothing to load (yet, or for this person)
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
  // setData: a change that answers with the new state shows it without loading again.
  return { data, setData, error, setError, reload };
}
