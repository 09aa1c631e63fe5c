import { statSync, unwatchFile, watchFile } from "node:fs";

/**
 * Calls `reload` when the snapshot file is replaced (its modification time changes). `seen()`
 * records a change the caller has loaded itself, so it is not loaded twice.
 */
export function watchSnapshot(path: string, reload: () => void): { seen(): void; stop(): void } {
  let loadedTime = modifiedAt(path);
  const onChange = () => {
    const time = modifiedAt(path);
    if (time === loadedTime) return;
    loadedTime = time;
    reload();
  };
  watchFile(path, { interval: 2000 }, onChange);
  return {
    seen: () => {
      loadedTime = modifiedAt(path);
    },
    stop: () => unwatchFile(path, onChange),
  };
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
