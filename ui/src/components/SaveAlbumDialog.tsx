import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api";
import { saveAlbum } from "../actions";
import { albumsStore } from "../state/albums";
import { appStore } from "../state/app";
import { useStore } from "../state/store";
import { BUILT_IN_SORTS } from "../sorts";
import { Modal } from "./Modal";
import "./Sidebar.css";

/** "Save as album…" by the search: offered while there is a search to keep. */
export function SaveAlbumButton() {
  const text = useStore(appStore, (s) => s.searchText);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-quiet"
        data-testid="save-album"
        disabled={!text.trim()}
        title="Keep this search, with its sort, as a smart album in the sidebar"
        onClick={() => setOpen(true)}
      >
        Save as album…
      </button>
      {open && <SaveAlbumDialog onClose={close} />}
    </>
  );
}

/** Asks for the album's name: Enter saves, Escape cancels. The search is the
 * one shown when the dialog opened, whatever happens behind it meanwhile. */
function SaveAlbumDialog({ onClose }: { onClose: () => void }) {
  const [search] = useState(() => ({ query: appStore.get().searchText.trim(), sort: appStore.get().sort }));
  const offered = useStore(appStore, (s) => s.searchHelp.sorts);
  const albums = useStore(albumsStore, (s) => s.list);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const sortLabel = [...offered, ...BUILT_IN_SORTS].find((s) => s.sort === search.sort)?.label ?? search.sort;
  const wanted = name.trim().toLowerCase();
  const existing = wanted ? albums?.find((a) => a.album.name.toLowerCase() === wanted)?.album : undefined;

  const save = async () => {
    if (!name.trim() || busy) return;
    setBusy(true);
    try {
      await saveAlbum(name, search.query, search.sort);
      onClose();
    } catch (e) {
      // The engine's own words: a query that does not run, say.
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      titleId="save-album-title"
      title="Save as album"
      className="album-dialog"
      testId="save-album-dialog"
      onClose={onClose}
      onBackdropPress={onClose}
      buttons={
        <>
          <button type="button" className="btn" data-testid="album-save-cancel" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" data-testid="album-save-confirm" disabled={!name.trim() || busy} onClick={() => void save()}>
            {existing ? "Update album" : "Save"}
          </button>
        </>
      }
    >
      <p className="album-dialog-search">
        Shows what <code className="selectable">{search.query}</code> finds, in the order “{sortLabel}”, kept up to date as the library changes.
      </p>
      <label className="album-dialog-field">
        Name
        <input
          ref={inputRef}
          type="text"
          className="input"
          data-testid="album-name-input"
          placeholder="Album name"
          value={name}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void save();
            }
          }}
        />
      </label>
      {existing && !error && (
        <p className="album-dialog-note" data-testid="album-name-exists">
          There is an album named “{existing.name}” already: saving points it at this search instead of its own.
        </p>
      )}
      {error && (
        <p className="album-dialog-note error-text" role="alert" data-testid="album-save-error">
          {error}
        </p>
      )}
    </Modal>
  );
}
