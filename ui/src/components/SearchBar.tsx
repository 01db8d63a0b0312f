import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type InputHTMLAttributes } from "react";
import * as api from "../api";
import type { EntityMatches } from "../bindings";
import { formatCount } from "../format";
import { LABELS } from "../marks";
import { isPeriod, readFilters, SIZE_OPTIONS, withFilters, type Filters } from "../query";
import { appStore, patchApp, refreshTags, searchFocus, seenCamerasStore, tagsStore, tileCache } from "../state/app";
import { createStore, useStore } from "../state/store";
import { BUILT_IN_SORTS, isDateSort } from "../sorts";
import { GROUPINGS, type Grouping } from "../timeline";
import { clampTileSize, TILE_SIZE } from "../state/prefs";
import { SaveAlbumButton } from "./SaveAlbumDialog";
import "./SearchBar.css";

/** A pick in the filter bar edits the text in the box: the one place the query lives. */
function setFilters(patch: Partial<Filters>) {
  appStore.set((s) => ({ ...s, searchText: withFilters(s.searchText, patch), view: "library" }));
}

function setText(searchText: string) {
  patchApp({ searchText });
}

/** The search box in the top bar, with the query's error right under it. */
export function SearchBox() {
  const text = useStore(appStore, (s) => s.searchText);
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
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            if (text) setText("");
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

/** How a date sort's timeline groups the grid; only offered for the date sorts. */
export function GroupingSelect() {
  const sort = useStore(appStore, (s) => s.sort);
  const grouping = useStore(appStore, (s) => s.grouping);
  if (!isDateSort(sort)) return null;
  return (
    <select
      className="select"
      aria-label="Group by date"
      title="Group by date"
      data-testid="timeline-grouping"
      value={grouping}
      onChange={(e) => patchApp({ grouping: e.target.value as Grouping })}
    >
      {GROUPINGS.map((g) => (
        <option key={g.value} value={g.value}>
          {g.label}
        </option>
      ))}
    </select>
  );
}

/** Whether the search help (the filters) is open. */
export const helpOpenStore = createStore(false);

/** The filters the search understands, listed from the engine's help, and the keys. */
export function SearchHelpButton() {
  const filters = useStore(appStore, (s) => s.searchHelp.filters);
  const open = useStore(helpOpenStore, (o) => o);
  const setOpen = (o: boolean) => helpOpenStore.set(o);
  // Open only while it is shown (it goes with the Library).
  useEffect(() => () => helpOpenStore.set(false), []);
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
          <p className="muted">
            Keys: press <kbd>?</kbd> outside the search box, or Help → Keyboard Shortcuts.
          </p>
          <p className="search-help-credit muted" data-testid="credits">
            Place names from GeoNames (geonames.org), CC BY 4.0, via the reverse_geocoder crate.
          </p>
        </div>
      )}
    </div>
  );
}

const TYPE_OPTIONS = [
  { value: "any", label: "Any type" },
  { value: "image", label: "Images" },
  { value: "video", label: "Videos" },
  { value: "other", label: "Other files" },
];

/** Makers whose names people search by; the cameras of the items looked at join them. */
const CAMERA_MAKERS = ["Apple", "Canon", "DJI", "Fujifilm", "Google", "GoPro", "Hasselblad", "Leica", "Nikon", "Olympus", "Panasonic", "Pentax", "Ricoh", "Samsung", "Sony"];

/** Filters under the top bar, read from the search box's text and written
 * into it; the result count; matching notes and groups. */
export function FilterBar() {
  const text = useStore(appStore, (s) => s.searchText);
  const filters = useMemo(() => readFilters(text), [text]);
  const query = useStore(appStore, (s) => s.query);
  const tags = useStore(tagsStore, (s) => s);
  const seenCameras = useStore(seenCamerasStore, (s) => s);
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
  const cameras = [...new Set([...seenCameras, ...CAMERA_MAKERS])];

  return (
    <div className="filterbar">
      <select className="select" aria-label="Type" value={filters.type} onChange={(e) => setFilters({ type: e.target.value })}>
        <TypedOption value={filters.type} known={TYPE_OPTIONS} />
        {TYPE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
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
      <span className="filter-range" role="group" aria-label="Date taken">
        <span>Taken</span>
        <DraftInput
          className="input filter-period"
          aria-label="Taken from"
          placeholder="From"
          title="From a year, month or day: 2019, 2019-01 or 2019-01-15"
          value={filters.takenFrom}
          valid={(v) => v === "" || isPeriod(v)}
          onCommit={(takenFrom) => setFilters({ takenFrom })}
        />
        <span aria-hidden="true">–</span>
        <DraftInput
          className="input filter-period"
          aria-label="Taken to"
          placeholder="To"
          title="To a year, month or day, itself included: 2019, 2019-06 or 2019-06-30"
          value={filters.takenTo}
          valid={(v) => v === "" || isPeriod(v)}
          onCommit={(takenTo) => setFilters({ takenTo })}
        />
      </span>
      <DraftInput
        className="input filter-camera"
        aria-label="Camera"
        placeholder="Camera"
        title="Words of the camera's name, e.g. canon or eos 5d"
        list="camera-suggestions"
        value={filters.camera}
        valid={() => true}
        onCommit={(camera) => setFilters({ camera })}
      />
      <datalist id="camera-suggestions">
        {cameras.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <span className="filter-range" role="group" aria-label="Date added">
        <span>Added</span>
        <DayInput label="Added from" placeholder="From" value={filters.from} onCommit={(from) => setFilters({ from })} />
        <span aria-hidden="true">–</span>
        <DayInput label="Added to" placeholder="To" value={filters.to} onCommit={(to) => setFilters({ to })} />
      </span>
      <select className="select" aria-label="Size" value={filters.size} onChange={(e) => setFilters({ size: e.target.value })}>
        <TypedOption value={filters.size} known={SIZE_OPTIONS} />
        {SIZE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <MarkFilters filters={filters} />
      {text.trim() && (
        <button type="button" className="btn btn-quiet" onClick={() => setText("")}>
          Clear
        </button>
      )}
      <SaveAlbumButton />
      <span className="filterbar-end">
        {loading && !showingActive && <span className="spinner" aria-label="Searching" />}
        <span className="result-count" data-testid="result-count">
          {count}
        </span>
        <TileSizeSlider />
      </span>
    </div>
  );
}

const RATING_OPTIONS = [
  { value: "any", label: "Any rating" },
  { value: "1", label: "★1+" },
  { value: "2", label: "★2+" },
  { value: "3", label: "★3+" },
  { value: "4", label: "★4+" },
  { value: "5", label: "★5" },
];

/** The person's marks as filters: the fewest stars, a colour label, picks or
 * rejects. A chip pressed again takes its filter out. */
function MarkFilters({ filters }: { filters: Filters }) {
  return (
    <>
      <select className="select filter-rating" aria-label="Rating" title="The fewest stars" value={filters.rating} onChange={(e) => setFilters({ rating: e.target.value })}>
        <TypedOption value={filters.rating} known={RATING_OPTIONS} />
        {RATING_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <span className="filter-chips" role="group" aria-label="Colour label">
        {LABELS.map((label) => (
          <button
            key={label}
            type="button"
            className={`filter-label label-${label}${filters.label === label ? " is-on" : ""}`}
            aria-label={`Labelled ${label}`}
            aria-pressed={filters.label === label}
            title={`Only items labelled ${label}`}
            data-testid={`filter-label-${label}`}
            onClick={() => setFilters({ label: filters.label === label ? "" : label })}
          />
        ))}
      </span>
      <span className="filter-chips" role="group" aria-label="Flag">
        {(["pick", "reject"] as const).map((flag) => (
          <button
            key={flag}
            type="button"
            className={`btn small filter-flag${filters.flag === flag ? " is-on" : ""}`}
            aria-pressed={filters.flag === flag}
            title={flag === "pick" ? "Only picks" : "Only rejects"}
            data-testid={`filter-flag-${flag}`}
            onClick={() => setFilters({ flag: filters.flag === flag ? "" : flag })}
          >
            {flag === "pick" ? "Picks" : "Rejects"}
          </button>
        ))}
      </span>
    </>
  );
}

/** A menu's filter typed in a way the menu has no entry for (`type:audio`):
 * shown as the text itself, so the menu never claims "Any". */
function TypedOption({ value, known }: { value: string; known: Array<{ value: string }> }) {
  if (known.some((o) => o.value === value)) return null;
  return <option value={value}>{value}</option>;
}

/** A day of the Added filter. Empty and not being edited, it is a plain
 * field saying "From" or "To": the webview's date field would show today's
 * date in grey there, which reads as a filter set. Focused or set, it is
 * the date field, with its picker. */
function DayInput({ label, placeholder, value, onCommit }: { label: string; placeholder: string; value: string; onCommit: (day: string) => void }) {
  const [editing, setEditing] = useState(false);
  const asDate = editing || value !== "";
  return (
    <input
      type={asDate ? "date" : "text"}
      className={`input filter-day${asDate ? "" : " is-empty"}`}
      aria-label={label}
      placeholder={placeholder}
      title={`${label}: a day`}
      data-empty={value === "" || undefined}
      value={value}
      onFocus={() => setEditing(true)}
      onBlur={() => setEditing(false)}
      onChange={(e) => {
        const day = e.target.value.trim();
        if (day === "" || isDay(day)) onCommit(day);
      }}
    />
  );
}

/** A whole day, as the date field gives it: 2024-03-09. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}

/** How big the grid's tiles are; Ctrl +, Ctrl − and Ctrl 0 do the same. */
export function TileSizeSlider() {
  const size = useStore(appStore, (s) => s.tileSize);
  return (
    <input
      type="range"
      className="tile-size"
      aria-label="Tile size"
      title="Tile size (Ctrl +, Ctrl −; Ctrl 0 resets)"
      data-testid="tile-size"
      min={TILE_SIZE.min}
      max={TILE_SIZE.max}
      step={8}
      value={size}
      onChange={(e) => patchApp({ tileSize: clampTileSize(Number(e.target.value)) })}
    />
  );
}

type DraftInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  value: string;
  valid: (text: string) => boolean;
  onCommit: (text: string) => void;
};

/** A text field that shows the query's value except while the person edits
 * it: what they type goes into the query as soon as it makes sense
 * ("2019-0" does not), and the field reads the query again when left. */
function DraftInput({ value, valid, onCommit, className, ...props }: DraftInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const invalid = draft !== null && !valid(draft.trim());
  return (
    <input
      {...props}
      type="text"
      spellCheck={false}
      autoComplete="off"
      className={`${className ?? "input"}${invalid ? " has-error" : ""}`}
      aria-invalid={invalid || undefined}
      value={draft ?? value}
      onFocus={() => setDraft(value)}
      onBlur={() => setDraft(null)}
      onChange={(e) => {
        const next = e.target.value;
        setDraft(next);
        if (valid(next.trim()) && next.trim() !== value) onCommit(next.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === "Escape") {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
    />
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
