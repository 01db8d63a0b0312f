import { useCallback, useEffect, useMemo, useState } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import { reportError } from "../actions";
import { DEFAULT_EXCLUDES, type WatchedFolder } from "../bindings";
import { formatAge, formatCount, formatDate, plural } from "../format";
import { activityStore, changedLocally, pruneSelection, walkingStore } from "../state/app";
import { ask } from "../state/confirm";
import { useStore } from "../state/store";
import { throttle } from "../state/throttle";
import { toastInfo } from "../state/toasts";
import "./FoldersView.css";

/** "*.jpg, *.png  raw" → ["*.jpg", "*.png", "raw"]. */
export function splitGlobs(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
}

/** A folder's exclude patterns besides the defaults every folder has. */
export function ownExcludes(folder: WatchedFolder): string[] {
  return folder.rules.exclude.filter((g) => !DEFAULT_EXCLUDES.includes(g));
}

/** The two pattern fields a folder's rules are written in. */
function GlobInputs(props: {
  include: string;
  exclude: string;
  onInclude: (text: string) => void;
  onExclude: (text: string) => void;
  testid: string;
}) {
  return (
    <>
      <input
        className="input folder-globs"
        value={props.include}
        onChange={(e) => props.onInclude(e.target.value)}
        placeholder="Only: *.jpg *.png"
        title="Only files matching these patterns (empty: every file). A pattern without / matches names anywhere."
        data-testid={`${props.testid}-include`}
      />
      <input
        className="input folder-globs"
        value={props.exclude}
        onChange={(e) => props.onExclude(e.target.value)}
        placeholder="Also skip: *.xmp cache"
        title="Skipped besides hidden files, partial downloads and system files."
        data-testid={`${props.testid}-exclude`}
      />
    </>
  );
}

function RulesEditor({ folder, onDone }: { folder: WatchedFolder; onDone: (saved: boolean) => void }) {
  const [include, setInclude] = useState(folder.rules.include.join(" "));
  const [exclude, setExclude] = useState(ownExcludes(folder).join(" "));
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const yes = await ask({
      title: "Change this folder's rules?",
      message: `${folder.path}\n\nItems whose files no longer match leave the library, with their tags, groups and notes links; the files stay on disk. Files that now match are added.`,
      confirmLabel: "Change rules",
      danger: true,
    });
    if (!yes) return;
    setSaving(true);
    try {
      const changed = await api.setFolderRules(folder.id, splitGlobs(include), splitGlobs(exclude));
      const details = [`${plural(Number(changed.left), "item")} no longer matched and left the library`];
      if (changed.report.added > 0) details.push(`${plural(changed.report.added, "file")} now match and were added`);
      toastInfo(`New rules for ${folder.path}`, details);
      changedLocally();
      onDone(true);
    } catch (e) {
      reportError(e);
      setSaving(false);
    }
  };

  return (
    <div className="folder-rules-editor" data-testid="rules-editor">
      <GlobInputs include={include} exclude={exclude} onInclude={setInclude} onExclude={setExclude} testid="rules" />
      <button type="button" className="btn btn-primary" disabled={saving} onClick={save} data-testid="rules-save">
        Save rules
      </button>
      <button type="button" className="btn" disabled={saving} onClick={() => onDone(false)}>
        Cancel
      </button>
    </div>
  );
}

export function FoldersView() {
  const [folders, setFolders] = useState<WatchedFolder[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("");
  const [editing, setEditing] = useState<number | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  // Counts and scan times move as the watcher works.
  const dataVersion = useStore(activityStore, (a) => a.dataVersion);
  const walking = useStore(walkingStore, (w) => w);

  const load = useCallback(() => {
    api.watchedFolders().then(
      (f) => {
        setFolders(f);
        setError(null);
      },
      (e) => setError(errorMessage(e)),
    );
    api.watchProblems().then(setProblems, () => setProblems([]));
  }, []);

  // At most one reload a second while the watcher reports changes.
  const reload = useMemo(() => throttle(load, 1000), [load]);
  useEffect(() => reload(), [reload, dataVersion, walking]);
  useEffect(() => () => reload.cancel(), [reload]);

  const add = async () => {
    setAdding(true);
    try {
      const folder = await api.pickWatchFolder(splitGlobs(include), splitGlobs(exclude));
      if (folder) {
        toastInfo(`Watching ${folder.path}`, ["Its files are being added in the background."]);
        load();
        changedLocally();
      }
    } catch (e) {
      reportError(e);
    } finally {
      setAdding(false);
    }
  };

  const remove = async (folder: WatchedFolder) => {
    const yes = await ask({
      title: "Stop watching this folder?",
      message: `${folder.path}\n\nIts ${plural(folder.resource_count, "item")} leave the library. The files stay on disk.`,
      confirmLabel: "Remove folder",
      danger: true,
    });
    if (!yes) return;
    try {
      const n = await api.removeWatchedFolder(folder.id);
      toastInfo(`Stopped watching ${folder.path}`, [`${plural(n, "item")} left the library; the files are untouched.`]);
      load();
      changedLocally();
      pruneSelection().catch(() => {});
    } catch (e) {
      reportError(e);
    }
  };

  // Files deleted from a watched folder stay as "missing" (with their tags,
  // in case they come back) until the person removes them here.
  const prune = async (folder: WatchedFolder) => {
    const yes = await ask({
      title: `Remove ${plural(folder.missing_count, "missing item")}?`,
      message: `Their files are gone from ${folder.path}. Their tags, groups and notes links go with them.`,
      confirmLabel: "Remove",
      danger: true,
    });
    if (!yes) return;
    try {
      const n = await api.removeMissing(folder.id);
      toastInfo(`Removed ${plural(n, "missing item")}`, []);
      load();
      changedLocally();
      pruneSelection().catch(() => {});
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <div className="view" data-testid="folders-view">
      <div className="view-toolbar">
        <h2 className="view-title">Watched folders</h2>
        <span className="muted small">Files in watched folders stay where they are; the library follows changes to them.</span>
        <span className="spacer" />
        <GlobInputs include={include} exclude={exclude} onInclude={setInclude} onExclude={setExclude} testid="folder" />
        <button type="button" className="btn btn-primary" disabled={adding} onClick={add} data-testid="add-folder">
          Add folder…
        </button>
      </div>
      <div className="view-scroll">
        {error && <div className="error-text pad">{error}</div>}
        {problems.length > 0 && (
          <div className="folder-problems" role="alert" data-testid="folder-problems">
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </div>
        )}
        {folders && folders.length === 0 && (
          <div className="empty-state">
            <div className="grid-empty-title">No watched folders</div>
            <div>Add a folder to keep its files in place and in the library.</div>
          </div>
        )}
        {folders && folders.length > 0 && (
          <ul className="folder-list">
            {folders.map((f) => (
              <li key={f.id} className="folder-row" data-testid="folder-row">
                <span className={`folder-status ${f.online ? "is-online" : "is-offline"}`} title={f.online ? "Online" : "Offline"} />
                <div className="folder-main">
                  <div className="folder-path selectable" title={f.path}>
                    {f.path}
                  </div>
                  <div className="muted small">
                    {f.online ? "Online" : "Offline — the drive or folder is not reachable"} ·{" "}
                    {!walking.has(f.id) && (
                      <>
                        {formatCount(f.resource_count)} {f.resource_count === 1 ? "item" : "items"} ·{" "}
                      </>
                    )}
                    {f.last_reconciled_at !== null ? (
                      <span title={formatDate(f.last_reconciled_at)}>last scanned {formatAge(Date.now() - f.last_reconciled_at)}</span>
                    ) : (
                      <span data-testid="folder-walking">
                        first scan in progress
                        {walking.has(f.id) && `: ${formatCount(walking.get(f.id) ?? 0)} files recorded so far`}
                      </span>
                    )}
                  </div>
                  <div className="muted small" data-testid="folder-rules">
                    {f.rules.include.length > 0 ? `Only ${f.rules.include.join(", ")}` : "Every file"}
                    {ownExcludes(f).length > 0 && `; skips ${ownExcludes(f).join(", ")}`}
                    {DEFAULT_EXCLUDES.every((g) => f.rules.exclude.includes(g)) && " (and hidden, partial and system files)"}
                  </div>
                  {editing === f.id && (
                    <RulesEditor
                      folder={f}
                      onDone={(saved) => {
                        setEditing(null);
                        if (saved) load();
                      }}
                    />
                  )}
                </div>
                {editing !== f.id && (
                  <button type="button" className="btn" onClick={() => setEditing(f.id)} data-testid="edit-rules">
                    Rules…
                  </button>
                )}
                {f.missing_count > 0 && (
                  <button type="button" className="btn" onClick={() => prune(f)} data-testid="prune-missing">
                    Remove {formatCount(f.missing_count)} missing
                  </button>
                )}
                <button type="button" className="btn btn-danger-quiet" onClick={() => remove(f)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
