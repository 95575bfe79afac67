/** Gives the event loop a turn: a page stays responsive and its charts repaint while training runs. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => void; MessageChannel?: typeof MessageChannel };
  // setImmediate (Node) and a MessageChannel message (browsers) run after pending events without
  // setTimeout's 4 ms clamp, so yielding often costs almost nothing.
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof g.MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new g.MessageChannel!();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
