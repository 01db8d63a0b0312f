/** What a cache the page reads through `useSyncExternalStore` shares: a
 * version that moves on every change, and the listeners told of it. */
export class Versioned {
  private version = 0;
  private listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getVersion = () => this.version;

  protected emit() {
    this.version++;
    this.listeners.forEach((l) => l());
  }
}
