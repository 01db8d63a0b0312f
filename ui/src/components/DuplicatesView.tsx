import { useEffect, useMemo, useRef, useState } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import { changedTrash, reportError, undoAction } from "../actions";
import type { DuplicateGroup } from "../bindings";
import { DEFAULT_THRESHOLD, MAX_THRESHOLD } from "../bindings";
import { formatBytes, formatCount, formatDimensions, plural } from "../format";
import { itemsWord } from "../marks";
import { activityStore, appStore, localChangeStore, revealInLibrary, setSelection } from "../state/app";
import { ask } from "../state/confirm";
import { withoutIds } from "../state/selection";
import { useStore } from "../state/store";
import { throttle } from "../state/throttle";
import { toastInfo } from "../state/toasts";
import { Thumb } from "./Thumb";
import { CompareView } from "./CompareView";
import "./DuplicatesView.css";
import "./Dialog.css";

const SHOW_STEP = 100;
/** The groups are one query over every picture's hashes: asked again once a second at most. */
const REFRESH_MS = 1000;

function groupKey(g: DuplicateGroup) {
  return `${g.kind}:${g.resources.map((r) => r.id).join(",")}`;
}

/** The new answer, each group that did not change kept as the object it was
 * (and the whole list when nothing did): nothing on screen redraws for an
 * answer that says the same. */
function keepUnchanged(prev: DuplicateGroup[] | null, next: DuplicateGroup[]): DuplicateGroup[] {
  if (!prev) return next;
  const before = new Map(prev.map((g) => [groupKey(g), g]));
  let same = prev.length === next.length;
  const out = next.map((g, i) => {
    const old = before.get(groupKey(g));
    const kept = old && JSON.stringify(old) === JSON.stringify(g) ? old : g;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}

/** The group Compare shows, where it was in the list when it opened. */
type Comparing = { key: string; group: DuplicateGroup; index: number };

/** The groups to draw: the engine's, plus the one Compare shows if a reload
 * took it away (it stays, as it was, until Compare closes). */
function withComparing(groups: DuplicateGroup[] | null, comparing: Comparing | null): DuplicateGroup[] {
  const list = groups ?? [];
  if (!comparing || list.some((g) => groupKey(g) === comparing.key)) return list;
  const at = Math.min(comparing.index, list.length);
  return [...list.slice(0, at), comparing.group, ...list.slice(at)];
}

export function DuplicatesView() {
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [applied, setApplied] = useState(DEFAULT_THRESHOLD);
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  // How many groups there are in all, and of those exact: the engine sends
  // only the groups shown (a big library has tens of thousands).
  const [counts, setCounts] = useState({ total: 0, exact: 0 });
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Asked again after this window changed the library: a merge, or pairs
  // shown as one item or two.
  const local = useStore(localChangeStore, (n) => n);
  // And when a progress snapshot says the library changed: hashes and
  // perceptual hashes are handlers' results, which move dataVersion (done
  // counts) without a new event; other windows' changes move it too.
  const dataVersion = useStore(activityStore, (a) => a.dataVersion);
  const [live, setLive] = useState(0);
  const again = useMemo(() => throttle(() => setLive((n) => n + 1), REFRESH_MS), []);
  useEffect(() => () => again.cancel(), [again]);
  // The first snapshot only sets the baseline: the groups were just read.
  const seen = useRef(dataVersion);
  useEffect(() => {
    if (seen.current === dataVersion) return;
    const first = seen.current === 0;
    seen.current = dataVersion;
    if (!first) again();
  }, [dataVersion, again]);
  const [shown, setShown] = useState(SHOW_STEP);
  const [comparing, setComparing] = useState<Comparing | null>(null);

  // Let the slider settle before asking.
  useEffect(() => {
    const t = setTimeout(() => setApplied(threshold), 250);
    return () => clearTimeout(t);
  }, [threshold]);

  // Answers are applied in the order asked, each only for the threshold in
  // force: a slow one still lands while later reloads are on their way (a
  // busy library would otherwise never show one), never over a newer one.
  const asked = useRef(0);
  const answered = useRef(0);
  const appliedNow = useRef(applied);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // A reload because the library moved on is quiet: no spinner blinking
  // once a second through an import, only the groups updating.
  const lastAsked = useRef<{ applied: number; local: number; shown: number } | null>(null);
  useEffect(() => {
    appliedNow.current = applied;
    const ask = ++asked.current;
    const current = () => mounted.current && ask > answered.current && appliedNow.current === applied;
    const prev = lastAsked.current;
    lastAsked.current = { applied, local, shown };
    if (!prev || prev.applied !== applied || prev.local !== local || prev.shown !== shown) setLoading(true);
    api
      .duplicates(applied, shown)
      .then(
        (page) => {
          if (!current()) return;
          answered.current = ask;
          // The groups stay on screen while asking; an answer that says the same changes nothing.
          setGroups((prev) => keepUnchanged(prev, page.groups));
          setCounts((prev) =>
            prev.total === page.total && prev.exact === page.exact ? prev : { total: page.total, exact: page.exact },
          );
          setError(null);
        },
        (e) => {
          if (!current()) return;
          answered.current = ask;
          setError(errorMessage(e));
        },
      )
      .finally(() => {
        if (mounted.current && ask === asked.current) setLoading(false);
      });
  }, [applied, local, live, shown]);

  const list = useMemo(() => withComparing(groups, comparing), [groups, comparing]);

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
            {plural(counts.total, "group")} · {counts.exact} exact · {counts.total - counts.exact} near
          </span>
        )}
      </div>
      <div className="view-scroll">
        {error && <div className="error-text pad">{error}</div>}
        {groups && list.length === 0 && !error && (
          <div className="empty-state">
            <div className="grid-empty-title">No duplicates</div>
            <div>Nothing in the library looks alike at this threshold.</div>
          </div>
        )}
        {list.slice(0, shown).map((g, index) => {
          const k = groupKey(g);
          return (
            <DupGroup
              key={k}
              group={g}
              comparing={comparing?.key === k}
              setComparing={(open) => setComparing(open ? { key: k, group: g, index } : null)}
            />
          );
        })}
        {counts.total > shown && (
          <div className="pad">
            <button type="button" className="btn" onClick={() => setShown(shown + SHOW_STEP)}>
              Show more ({formatCount(counts.total - shown)} left)
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

type DupGroupProps = {
  group: DuplicateGroup;
  /** Whether Compare shows this group: the view keeps it, so a reload that
   * drops the group does not close Compare. */
  comparing: boolean;
  setComparing: (open: boolean) => void;
};

function DupGroup({ group, comparing, setComparing }: DupGroupProps) {
  const [keep, setKeep] = useState<number | null>(group.keep);
  const [busy, setBusy] = useState(false);
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
