// The whole app against the fake backend, for test files that drive it as a
// person would (ui.test.tsx has its own copy of these helpers). A test file
// using it runs in jsdom (`// @vitest-environment jsdom`) and calls
// `useAppHarness()` once at its top.
import { afterEach, beforeAll, beforeEach, vi } from "vitest";
import { createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { FakeBackend } from "./dev/fakeBackend";

export type Call = { cmd: string; args: Record<string, unknown> };

export type App = {
  backend: FakeBackend;
  /** Every command the page sent, in order. */
  calls: Call[];
  /** Delivers a backend event, as the shell would. */
  emitEvent: (event: string, payload: unknown) => Promise<void>;
  /** A progress snapshot from the fake, as the shell sends one when the library changed. */
  snapshot: () => Promise<void>;
};

let root: Root | null = null;

export function useAppHarness() {
  beforeAll(() => {
    // jsdom has no layout: give every element a size so the virtual grid renders rows.
    const size = (w: number, h: number) => {
      Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => w });
      Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => h });
      Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => w });
      Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => h });
    };
    size(1000, 700);
    (globalThis as Record<string, unknown>).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    Element.prototype.scrollTo = function () {} as typeof Element.prototype.scrollTo;
  });
  beforeEach(() => {
    document.body.innerHTML = "";
  // The view, sort and tile size a test leaves are remembered: each test starts afresh.
  localStorage.clear();
  });
  afterEach(() => {
    root?.unmount();
    root = null;
    clearMocks();
  });
}

/** Starts the app on a fresh fake library of `count` items; `prepare` sets
 * the fake up before the page first asks it anything. */
export async function startApp(options: { count?: number; busy?: boolean; prepare?: (backend: FakeBackend) => void } = {}): Promise<App> {
  const backend = new FakeBackend(options.count ?? 60, { busy: options.busy });
  options.prepare?.(backend);
  const calls: Call[] = [];
  mockWindows("main");
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      if (!cmd.startsWith("plugin:")) calls.push({ cmd, args: a });
      return backend.handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  const internals = (window as unknown as { __TAURI_INTERNALS__: Record<string, unknown> }).__TAURI_INTERNALS__;
  internals.convertFileSrc = (path: string, protocol: string) => `${protocol}://localhost/${encodeURIComponent(path)}`;
  vi.resetModules();
  const { emit } = await import("@tauri-apps/api/event");
  const emitEvent = (event: string, payload: unknown) => emit(event, payload);
  backend.emit = (event, payload) => void emitEvent(event, payload);
  const { default: AppRoot } = await import("./App");
  const container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
  root.render(createElement(AppRoot));
  return { backend, calls, emitEvent, snapshot: () => emitEvent("progress", backend.progress()) };
}

export async function waitFor<T>(fn: () => T | null | undefined | false, timeout = 2000): Promise<T> {
  const until = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
export const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
export const testid = (id: string) => $(`[data-testid="${id}"]`);
export const tile = (id: number) => $(`[data-testid="tile"][data-id="${id}"]`);

export function typeInto(el: HTMLElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, value);
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
export function key(target: EventTarget, k: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
}
export function click(el: HTMLElement, init: MouseEventInit = {}) {
  el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, ...init }));
}
/** The toast whose text has `text` in it. */
export const toastWith = (text: string) => $$('[data-testid="toast"]').find((t) => t.textContent?.includes(text));
