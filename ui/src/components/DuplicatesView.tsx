import { useEffect, useMemo, useRef, useState } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import { changedTrash, reportError, undoAction } from "../actions";
import type { DuplicateGroup } from "../bindings";
import { DEFAULT_THRESHOLD, MAX_THRESHOLD } from "../bindings";
import { formatBytes, formatCount, formatDimensions, plural } from "../format";
import { itemsWord } from "../marks";
import { appStore, localChangeStore, revealInLibrary, setSelection } from "../state/app";
import { ask } from "../state/confirm";
import { withoutIds } from "../state/selection";
import { useStore } from "../state/store";
import { toastInfo } from "../state/toasts";
import { Thumb } from "./Thumb";
import { CompareView } from "./CompareView";
import "./DuplicatesView.css";
import "./Dialog.css";

const SHOW_STEP = 100;

function groupKey(g: DuplicateGroup) {
  return `${g.kind}:${g.resources.map((r) => r.id).join(",")}`;
}

export function DuplicatesView() {
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [applied, setApplied] = useState(DEFAULT_THRESHOLD);
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Asked again after this window changed the library: a merge, or pairs
  // shown as one item or two.
  const reload = useStore(localChangeStore, (n) => n);
  const [shown, setShown] = useState(SHOW_STEP);

  // Let the slider settle before asking.
  useEffect(() => {
    const t = setTimeout(() => setApplied(threshold), 250);
    return () => clearTimeout(t);
  }, [threshold]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api.duplicates(applied).then(
      (g) => {
        if (!live) return;
        setGroups(g);
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [applied, reload]);

  const exact = groups?.filter((g) => g.kind === "exact").length ?? 0;

  return (
    <div className="view duplicates" data-testid="duplicates-view">
      <div className="view-toolbar">
        <h2 className="view-title">Duplicates</h2>
        <label className="threshold">
          <span>Similarity threshold</span>
          <input
            type="range"
            min={0}
            max={MAX_THRESHOLD}
            step={1}
            value={threshold}
            aria-label="Similarity threshold"
            data-testid="dup-threshold"
            onChange={(e) => setThreshold(Number(e.target.value))}
          />
          <span className="threshold-value">{threshold}</span>
        </label>
        <span className="muted small">0 = identical pictures only; higher finds looser matches.</span>
        <span className="spacer" />
        {loading && <span className="spinner" aria-label="Loading" />}
        {groups && (
          <span className="muted small">
            {plural(groups.length, "group")} · {exact} exact · {groups.length - exact} near
          </span>
        )}
      </div>
      <div className="view-scroll">
        {error && <div className="error-text pad">{error}</div>}
        {groups && groups.length === 0 && !error && (
          <div className="empty-state">
            <div className="grid-empty-title">No duplicates</div>
            <div>Nothing in the library looks alike at this threshold.</div>
          </div>
        )}
        {groups?.slice(0, shown).map((g) => (
          <DupGroup key={groupKey(g)} group={g} />
        ))}
        {groups && groups.length > shown && (
          <div className="pad">
            <button type="button" className="btn" onClick={() => setShown(shown + SHOW_STEP)}>
              Show more ({groups.length - shown} left)
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function DupGroup({ group }: { group: DuplicateGroup }) {
  const [keep, setKeep] = useState<number | null>(group.keep);
  const [busy, setBusy] = useState(false);
  const [comparing, setComparing] = useState(false);
  const name = useMemo(() => `keep-${group.resources.map((r) => r.id).join("-")}`, [group]);

  const openRef = useRef<HTMLButtonElement>(null);
  // Compare closed: the focus goes back to its button.
  const wasComparing = useRef(false);
  useEffect(() => {
    if (wasComparing.current && !comparing) openRef.current?.focus({ preventScroll: true });
    wasComparing.current = comparing;
  }, [comparing]);

  /** Keeps `keepId` (the one chosen), the others to the Trash; true when it went ahead. */
  const merge = async (keepId: number | null = keep): Promise<boolean> => {
    if (keepId === null) return false;
    const others = group.resources.filter((r) => r.id !== keepId).map((r) => r.id);
    const keptName = group.resources.find((r) => r.id === keepId)?.name ?? "";
    // A pair merges at once; a bigger group says first how many go.
    if (group.resources.length >= 3) {
      const yes = await ask({
        title: `Merge ${plural(group.resources.length, "item")} into “${keptName}”?`,
        message: `The other ${formatCount(others.length)} go to the Trash; Ctrl+Z undoes the merge.`,
        confirmLabel: "Merge",
      });
      if (!yes) return false;
    }
    setBusy(true);
    try {
      const kept = await api.merge(keepId, others);
      // In the engine's words, which the undo history uses too.
      const label = `Merged ${itemsWord(others.length)} into “${kept.name}”`;
      toastInfo(label, undefined, undoAction(label));
      // The merged items are gone: nothing may still act on them as selected.
      setSelection(withoutIds(appStore.get().selection, others));
      changedTrash();
      return true;
    } catch (e) {
      reportError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="dup-group" data-testid="dup-group" data-kind={group.kind}>
      <div className="dup-head">
        <span className={`kind-pill is-${group.kind}`}>{group.kind === "exact" ? "Exact" : "Near"}</span>
        <span className="muted small">{plural(group.resources.length, "item")}</span>
        <span className="spacer" />
        {group.resources.length >= 2 && (
          <button ref={openRef} type="button" className="btn" data-testid="compare-open" onClick={() => setComparing(true)}>
            Compare
          </button>
        )}
        <button type="button" className="btn btn-primary" data-testid="merge-button" disabled={busy || keep === null} onClick={() => void merge()}>
          Keep selected, merge others
        </button>
      </div>
      <div className="dup-members">
        {group.resources.map((r) => (
          <label key={r.id} className={`dup-member${keep === r.id ? " is-kept" : ""}`}>
            <div className="dup-thumb" onDoubleClick={() => revealInLibrary(r.id)} title="Double-click to show in Library">
              <Thumb id={r.id} rev={r.content_rev} has={r.thumbnail !== null} contentType={r.content_type} name={r.name} />
            </div>
            <div className="dup-info">
              <div className="dup-name" title={r.original_path || r.name}>
                <input type="radio" name={name} checked={keep === r.id} onChange={() => setKeep(r.id)} aria-label={`Keep ${r.name}`} />
                <span>{r.name}</span>
              </div>
              <div className="muted small">
                {[formatDimensions(r.width, r.height), formatBytes(r.size)].filter(Boolean).join(" · ")}
              </div>
            </div>
          </label>
        ))}
      </div>
      {comparing && (
        <CompareView
          resources={group.resources}
          keep={keep}
          busy={busy}
          onKeep={(id) => {
            setKeep(id);
            return merge(id);
          }}
          onClose={() => setComparing(false)}
        />
      )}
    </section>
  );
}
