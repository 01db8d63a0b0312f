import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import * as api from "../api";
import type { EntityMatches } from "../bindings";
import { formatCount } from "../format";
import { emptyFilters, hasFilters, SIZE_OPTIONS, type Filters, type SizeFilter, type TypeFilter } from "../query";
import { appStore, patchApp, refreshTags, searchFocus, tagsStore, tileCache } from "../state/app";
import { useStore } from "../state/store";
import { BUILT_IN_SORTS } from "../sorts";
import "./SearchBar.css";

function setFilters(patch: Partial<Filters>) {
  appStore.set((s) => ({ ...s, filters: { ...s.filters, ...patch }, view: "library" }));
}

/** The search box in the top bar, with the query's error right under it. */
export function SearchBox() {
  const text = useStore(appStore, (s) => s.filters.text);
  const inLibrary = useStore(appStore, (s) => s.view === "library");
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  const error = inLibrary ? tileCache.error() : null;
  const activeQuery = tileCache.activeKey()?.query ?? "";
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    searchFocus.focus = () => {
      inputRef.current?.focus();
      inputRef.current?.select();
    };
  }, []);
  return (
    <div className="searchbox">
      <svg className="searchbox-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input
        ref={inputRef}
        type="search"
        className={`input searchbox-input${error && activeQuery ? " has-error" : ""}`}
        placeholder="Search  ( / )"
        aria-label="Search"
        data-testid="search-input"
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setFilters({ text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            if (text) setFilters({ text: "" });
            else e.currentTarget.blur();
          } else if (e.key === "ArrowDown" || e.key === "Enter") {
            // Hand over to the grid.
            e.preventDefault();
            e.currentTarget.blur();
          }
        }}
      />
      {error && activeQuery && (
        <div className="search-error" data-testid="search-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

export function SortSelect() {
  const sort = useStore(appStore, (s) => s.sort);
  const offered = useStore(appStore, (s) => s.searchHelp.sorts);
  const choices = offered.length > 0 ? offered : BUILT_IN_SORTS;
  return (
    <select className="select" aria-label="Sort" title="Sort" value={sort} onChange={(e) => patchApp({ sort: e.target.value })}>
      {choices.map((s) => (
        <option key={s.sort} value={s.sort}>
          {s.label}
        </option>
      ))}
    </select>
  );
}

/** The filters the search understands, listed from the engine's help. */
export function SearchHelpButton() {
  const filters = useStore(appStore, (s) => s.searchHelp.filters);
  const [open, setOpen] = useState(false);
  return (
    <div className="search-help">
      <button
        type="button"
        className="btn btn-ghost search-help-toggle"
        aria-label="Search help"
        aria-expanded={open}
        title="What the search understands"
        onClick={() => setOpen(!open)}
      >
        ?
      </button>
      {open && (
        <div className="search-help-panel" role="dialog" aria-label="Search filters" data-testid="search-help">
          <p className="muted">Words match names, descriptions, tags, groups and notes. "A phrase", -word to exclude. Filters:</p>
          <dl>
            {filters.map((f) => (
              <div key={f.name} className="search-help-row">
                <dt>
                  <code>{f.name}:</code>
                </dt>
                <dd>
                  {f.about} <span className="muted">— {f.value}</span>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}

/** Filters under the top bar, the result count, and matching notes and groups. */
export function FilterBar() {
  const filters = useStore(appStore, (s) => s.filters);
  const query = useStore(appStore, (s) => s.query);
  const tags = useStore(tagsStore, (s) => s);
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  const total = tileCache.total();
  const loading = tileCache.loading();
  const showingActive = tileCache.shownKey() === tileCache.activeKey();

  useEffect(() => {
    refreshTags().catch(() => {});
  }, []);

  const rejected = tileCache.error() !== null && !showingActive;
  const count =
    total === null || rejected ? "" : query ? `${formatCount(total)} ${total === 1 ? "result" : "results"}` : `${formatCount(total)} ${total === 1 ? "item" : "items"}`;

  return (
    <div className="filterbar">
      <select className="select" aria-label="Type" value={filters.type} onChange={(e) => setFilters({ type: e.target.value as TypeFilter })}>
        <option value="any">Any type</option>
        <option value="image">Images</option>
        <option value="video">Videos</option>
        <option value="other">Other files</option>
      </select>
      <select
        className="select filter-tag"
        aria-label="Tag"
        value={filters.tag}
        onMouseDown={() => refreshTags().catch(() => {})}
        onChange={(e) => setFilters({ tag: e.target.value })}
      >
        <option value="">Any tag</option>
        {filters.tag && !tags.some((t) => t.name === filters.tag) && <option value={filters.tag}>{filters.tag}</option>}
        {tags.map((t) => (
          <option key={t.id} value={t.name}>
            {t.name} ({formatCount(t.resource_count)})
          </option>
        ))}
      </select>
      <label className="filter-date">
        <span>From</span>
        <input type="date" className="input" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
      </label>
      <label className="filter-date">
        <span>to</span>
        <input type="date" className="input" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
      </label>
      <select className="select" aria-label="Size" value={filters.size} onChange={(e) => setFilters({ size: e.target.value as SizeFilter })}>
        {SIZE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {(hasFilters(filters) || filters.text) && (
        <button type="button" className="btn btn-quiet" onClick={() => patchApp({ filters: emptyFilters })}>
          Clear
        </button>
      )}
      <span className="spacer" />
      {loading && !showingActive && <span className="spinner" aria-label="Searching" />}
      <span className="result-count" data-testid="result-count">
        {count}
      </span>
    </div>
  );
}

/** Notes and groups matching the typed text, above the grid. */
export function EntityStrip() {
  const text = useStore(appStore, (s) => s.queryText);
  const [matches, setMatches] = useState<EntityMatches | null>(null);
  useEffect(() => {
    if (!text) {
      setMatches(null);
      return;
    }
    let live = true;
    api.searchEntities(text).then(
      (m) => live && setMatches(m),
      () => live && setMatches(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  if (!matches || (matches.notes.length === 0 && matches.groups.length === 0)) return null;
  return (
    <div className="entity-strip" aria-label="Matching notes and groups">
      {matches.groups.slice(0, 8).map((g) => (
        <button key={`g${g.id}`} type="button" className="entity-chip" onClick={() => patchApp({ view: "groups", openGroupId: g.id })} title={g.description || g.name}>
          <span className="entity-kind">Group</span>
          {g.name}
          <span className="muted">{g.resource_ids.length}</span>
        </button>
      ))}
      {matches.notes.slice(0, 8).map((n) => (
        <button key={`n${n.id}`} type="button" className="entity-chip" onClick={() => patchApp({ view: "notes", openNoteId: n.id })} title={n.text.slice(0, 200)}>
          <span className="entity-kind">Note</span>
          {n.title || "Untitled note"}
        </button>
      ))}
    </div>
  );
}
