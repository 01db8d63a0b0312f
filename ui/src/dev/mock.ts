// Runs the UI in a plain browser against the fake backend: open /mock.html on
// the dev server. ?n=100000 sets the library size, ?busy=1 starts with work.
import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { FakeBackend } from "./fakeBackend";

const params = new URLSearchParams(location.search);
const backend = new FakeBackend(Number(params.get("n") ?? 5000), { busy: params.has("busy") });

// A few smart albums to look at, there from the start (not steps to undo).
const albums: Array<[string, string, string]> = [
  ["Beach days", "tag:beach", "newest"],
  ["Canon shots", "camera:canon", "newest"],
  ["Videos", "type:video", "largest"],
];
for (const [name, query, sort] of albums) {
  backend.albumList.push({ id: backend.nextAlbumId++, name, query, sort, created_at: Date.now(), updated_at: Date.now() });
}

// The fake's own events (a check's progress) reach the page as the shell's do.
backend.emit = (event, payload) => void emit(event, payload);

mockWindows("main");
mockIPC(
  async (cmd, args) => {
    await new Promise((r) => setTimeout(r, 15 + Math.random() * 40));
    return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
  },
  { shouldMockEvents: true },
);
const internals = (window as unknown as { __TAURI_INTERNALS__: Record<string, unknown> }).__TAURI_INTERNALS__;
internals.convertFileSrc = (path: string) => `/__mock-image/${path}`;

setInterval(() => {
  backend.tick();
  emit("progress", backend.progress());
}, 400);

// Try the drop overlay from the console: mockDrop()
(window as unknown as { mockDrop: () => void }).mockDrop = () => {
  emit("tauri://drag-enter", { paths: ["/tmp/a.jpg"], position: { x: 10, y: 10 } });
  setTimeout(() => {
    emit("tauri://drag-drop", { paths: ["/tmp/a.jpg"], position: { x: 10, y: 10 } });
    emit("import-finished", backend.importFiles(12));
  }, 1200);
};

await import("../main");
