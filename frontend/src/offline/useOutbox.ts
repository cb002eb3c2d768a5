import { useEffect, useState } from "preact/hooks";
import { subscribe, type OutboxItem } from "./outbox";

/** The signed-in user's outbox, kept up to date. */
export function useOutbox(): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => subscribe(setItems), []);
  return items;
}

/** Whether the browser believes it is online, kept up to date. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}
