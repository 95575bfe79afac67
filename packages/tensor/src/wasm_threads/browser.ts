// Browsers: tfjs-backend-wasm detects threads itself (they need a cross-origin-isolated page for
// SharedArrayBuffer); we only pass the wanted count.
export interface ThreadSetup {
  restore(): void;
}

export function logicalCores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

export function threadsProblem(): string | null {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated ? null : 'the page is not cross-origin isolated (COOP/COEP headers), so SharedArrayBuffer is off';
}

export function prepareThreads(threads: number, setThreadsCount: (n: number) => void): ThreadSetup {
  setThreadsCount(threads);
  return { restore: () => {} };
}
