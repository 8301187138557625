import { useEffect } from "react";

/**
 * Keeps the page's address in step with what it shows, without a navigation: each name is set to
 * its value, or left out when the value is empty or null (a default), so a reload or a shared link
 * shows the same view.
 */
export function useAddressQuery(values: Readonly<Record<string, string | null>>) {
  // By content: a new object with the same values writes nothing.
  const key = JSON.stringify(values);
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [name, value] of Object.entries(JSON.parse(key) as Record<string, string | null>)) {
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    }
    window.history.replaceState(window.history.state, "", url);
  }, [key]);
}
