import { useEffect, useState } from "react";
import * as api from "../api";
import { reportError } from "../actions";
import type { Note } from "../bindings";
import { formatDate, plural } from "../format";
import { appStore, changedLocally, notesStore, patchApp, refreshNotes } from "../state/app";
import { ask } from "../state/confirm";
import { useStore } from "../state/store";
import { toastInfo } from "../state/toasts";
import { Editable } from "./Editable";
import { LinkedThumbs } from "./LinkedThumbs";
import "./EntityViews.css";

export function NotesView() {
  const notes = useStore(notesStore, (s) => s);
  const openId = useStore(appStore, (s) => s.openNoteId);
  const [filter, setFilter] = useState("");
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    refreshNotes()
      .catch(reportError)
      .finally(() => setLoaded(true));
  }, []);

  const current = notes.find((n) => n.id === openId) ?? null;
  const needle = filter.trim().toLowerCase();
  const shown = needle ? notes.filter((n) => `${n.title}\n${n.text}`.toLowerCase().includes(needle)) : notes;

  const create = async () => {
    try {
      const note = await api.createNote("Untitled note", "");
      await refreshNotes();
      patchApp({ openNoteId: note.id });
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <div className="view master-detail" data-testid="notes-view">
      <div className="master">
        <div className="master-tools">
          <input className="input" type="search" placeholder="Filter notes" aria-label="Filter notes" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <button type="button" className="btn btn-primary" onClick={create}>
            New note
          </button>
        </div>
        <ul className="master-list" role="listbox" aria-label="Notes">
          {shown.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                role="option"
                aria-selected={n.id === openId}
                className={`master-item${n.id === openId ? " is-active" : ""}`}
                onClick={() => patchApp({ openNoteId: n.id })}
              >
                <span className="master-title">{n.title || "Untitled note"}</span>
                <span className="master-sub">{n.text.slice(0, 80) || `${plural(n.resource_ids.length, "item")}`}</span>
              </button>
            </li>
          ))}
          {loaded && shown.length === 0 && <li className="muted pad">{notes.length ? "No matching notes." : "No notes yet."}</li>}
        </ul>
      </div>
      <div className="detail">{current ? <NoteEditor key={current.id} note={current} /> : <div className="empty-state">Select a note, or create one.</div>}</div>
    </div>
  );
}

function NoteEditor({ note }: { note: Note }) {
  const selectionIds = useStore(appStore, (s) => s.selection.ids);

  const save = async (edit: { title?: string; text?: string }) => {
    try {
      await api.editNote(note.id, { title: edit.title ?? null, text: edit.text ?? null });
      await refreshNotes();
    } catch (e) {
      reportError(e);
    }
  };

  const link = async (ids: number[], linked: boolean) => {
    try {
      for (const id of ids) await api.linkNote(note.id, id, linked);
      if (linked) toastInfo(`Linked ${plural(ids.length, "item")} to “${note.title}”`);
      await refreshNotes();
      changedLocally();
    } catch (e) {
      reportError(e);
    }
  };

  const remove = async () => {
    const yes = await ask({
      title: `Delete the note “${note.title || "Untitled note"}”?`,
      message: "The linked items stay in the library.",
      confirmLabel: "Delete note",
      danger: true,
    });
    if (!yes) return;
    try {
      await api.deleteNote(note.id);
      patchApp({ openNoteId: null });
      toastInfo("Note deleted");
      await refreshNotes();
      changedLocally();
    } catch (e) {
      reportError(e);
    }
  };

  const unlinked = selectionIds.filter((id) => !note.resource_ids.includes(id));

  return (
    <div className="editor">
      <Editable className="editor-title" label="Title" value={note.title} required onSave={(title) => save({ title })} />
      <div className="muted small">
        Created {formatDate(note.created_at)} · updated {formatDate(note.updated_at)}
      </div>
      <Editable className="input editor-text" label="Text" multiline placeholder="Write something…" value={note.text} onSave={(text) => save({ text })} />
      <div className="editor-section-head">
        <h3>Linked items ({note.resource_ids.length})</h3>
        <button type="button" className="btn" disabled={unlinked.length === 0} onClick={() => link(unlinked, true)} title="Select items in the Library first">
          {unlinked.length ? `Link ${plural(unlinked.length, "selected item")}` : "Link selected items"}
        </button>
      </div>
      <LinkedThumbs ids={note.resource_ids} removeLabel="Unlink" onRemove={(id) => link([id], false)} />
      <div className="editor-footer">
        <button type="button" className="btn btn-danger-quiet" onClick={remove}>
          Delete note
        </button>
      </div>
    </div>
  );
}
