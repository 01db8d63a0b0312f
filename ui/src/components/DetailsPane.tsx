import { Fragment, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import { addTagsTo, addToGroupWithToast, createGroupWith, markItems, reportError, trashItems } from "../actions";
import type { Fact, Mark, Marks, ResourceDetails, Similar } from "../bindings";
import type { DocumentInfo } from "../documentInfo";
import { jobStateWord } from "../state/progress";
import { isMonospaceText, isSeeThrough, isText, isWebImage, typeLabel } from "../fileTypes";
import { formatBytes, formatDate, formatDimensions, formatFact, plural, sentence } from "../format";
import { commonMarks, LABELS, labelName, starsWord, withMark } from "../marks";
import type { PhotoInfo } from "../photoInfo";
import { readResourceInfo } from "../resourceInfo";
import { isTagged, type SongInfo } from "../songInfo";
import {
  activityStore,
  appStore,
  changedLocally,
  groupsStore,
  loadedTiles,
  localChangeStore,
  notesStore,
  patchApp,
  refreshGroups,
  refreshNotes,
  refreshTags,
  revealInLibrary,
  sawCamera,
  setSelection,
  tagsStore,
  tileCache,
} from "../state/app";
import { withFilters } from "../query";
import { emptySelection } from "../state/selection";
import { useStore } from "../state/store";
import { Editable, EnterInput } from "./Editable";
import { HistorySection } from "./HistorySection";
import { Lightbox } from "./Lightbox";
import { Thumb } from "./Thumb";
import "./DetailsPane.css";

export function DetailsPane() {
  const ids = useStore(appStore, (s) => s.selection.ids);
  useEffect(() => {
    // Lists for the pickers; cheap, and fresh each time the pane opens.
    refreshTags().catch(() => {});
    refreshGroups().catch(() => {});
    refreshNotes().catch(() => {});
  }, []);
  return (
    <aside className="details" data-testid="details-pane" aria-label="Details">
      <div className="details-head">
        <span className="details-head-title">{ids.length > 1 ? "Selection" : "Details"}</span>
        <button type="button" className="icon-btn" aria-label="Close details" title="Close (Esc)" onClick={() => patchApp({ detailsOpen: false })}>
          ×
        </button>
      </div>
      {ids.length === 1 ? <ResourcePane key={ids[0]} id={ids[0]} /> : <BulkPane ids={ids} />}
      <TagSuggestions />
    </aside>
  );
}

function TagSuggestions() {
  const tags = useStore(tagsStore, (s) => s);
  return (
    <datalist id="tag-suggestions">
      {tags.map((t) => (
        <option key={t.id} value={t.name} />
      ))}
    </datalist>
  );
}

function useResource(id: number) {
  const [res, setRes] = useState<ResourceDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dataVersion = useStore(activityStore, (a) => a.dataVersion);
  const local = useStore(localChangeStore, (n) => n);
  useEffect(() => {
    let live = true;
    api.resource(id).then(
      (r) => {
        if (!live) return;
        setRes(r);
        setError(null);
      },
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id, dataVersion, local]);
  return { res: res?.id === id ? res : null, setRes, error };
}

function ResourcePane({ id }: { id: number }) {
  const { res, setRes, error } = useResource(id);
  const [lightbox, setLightbox] = useState(false);
  const { photo: info, song, document: doc, rest } = useMemo(
    // The person's own marks have a section of their own.
    () => readResourceInfo(res?.content_type ?? "", (res?.facts ?? []).filter((f) => f.source !== PERSON)),
    [res?.content_type, res?.facts],
  );
  const camera = info?.camera?.camera;
  useEffect(() => {
    // The camera filter suggests the cameras looked at.
    if (camera) sawCamera(camera);
  }, [camera]);
  if (error && !res) return <div className="details-body details-message error">{error}</div>;
  if (!res) return <div className="details-body details-message">Loading…</div>;

  const save = async (edit: { name?: string; description?: string }) => {
    try {
      const r = await api.editResource(id, { name: edit.name ?? null, description: edit.description ?? null });
      setRes((prev) => (prev ? { ...prev, ...r } : prev));
      tileCache.patch(id, (t) => ({ ...t, name: r.name }));
    } catch (e) {
      reportError(e);
    }
  };

  const isImage = res.content_type.startsWith("image/");
  const hasPreview = res.preview !== null || res.thumbnail !== null;
  const unavailable = res.availability !== "present";
  // A text file has no picture: its words are its preview. So are a PDF's,
  // until (or unless) there is a picture of its first page.
  const text = doc?.text ?? null;
  const textInPreview = text !== null && (isText(res.content_type) || !hasPreview);
  const canEnlarge = isImage && hasPreview;
  // The webview cannot show a HEIC or a raw file itself: the engine's
  // preview of it is the largest picture there is.
  const enlargeOriginal = isWebImage(res.content_type);

  return (
    <div className="details-body">
      {textInPreview && text !== null ? (
        <TextPreview text={text} contentType={res.content_type} cut={doc?.textIsCut ?? false} />
      ) : (
        <div
          className={`details-preview${canEnlarge ? " is-clickable" : ""}${hasPreview && isSeeThrough(res.preview ?? res.thumbnail) ? " has-alpha" : ""}`}
          onClick={() => canEnlarge && setLightbox(true)}
          title={canEnlarge ? (enlargeOriginal ? "View full size" : "View larger") : undefined}
        >
          <Thumb
            key={`${res.id}-${res.content_rev}`}
            id={res.id}
            rev={res.content_rev}
            has={hasPreview}
            kind={res.preview !== null ? "preview" : "thumb"}
            contentType={res.content_type}
            name={res.name}
          />
        </div>
      )}
      {res.media_note && !hasPreview && !textInPreview && (
        <div className="details-preview-note" data-testid="media-note">
          {sentence(res.media_note)}
        </div>
      )}
      {lightbox && (
        <Lightbox
          id={res.id}
          rev={res.content_rev}
          name={res.name}
          kind={enlargeOriginal ? "original" : res.preview !== null ? "preview" : "thumb"}
          onClose={() => setLightbox(false)}
        />
      )}

      <Editable className="details-name" label="Name" value={res.name} required onSave={(name) => save({ name })} />
      {unavailable && <div className={`availability-note is-${res.availability}`}>{availabilityText(res.availability)}</div>}
      {res.companion_of !== null && (
        // Seen on its own only with pairs turned off, or opened by id: the
        // photo it belongs to is the item, this is its raw.
        <div className="companion-of-note" data-testid="companion-of">
          Raw file of another photo
        </div>
      )}

      <div className="details-actions">
        <button type="button" className="btn" onClick={() => api.openResource(id).catch(reportError)}>
          Open
        </button>
        <button type="button" className="btn" onClick={() => api.revealResource(id).catch(reportError)}>
          Show in folder
        </button>
        <span className="spacer" />
        <button type="button" className="btn btn-danger-quiet" data-testid="details-delete" title="Move to the Trash (Delete)" onClick={() => trashItems([id])}>
          Delete
        </button>
      </div>

      <Section title="Your marks">
        <MarksEditor
          ids={[id]}
          marks={res.marks}
          onChange={(marks) => setRes((prev) => (prev ? { ...prev, marks } : prev))}
        />
      </Section>

      {song && <SongInfoSection info={song} />}
      {doc && (doc.title || doc.author || doc.pages || !textInPreview) && (
        <DocumentInfoSection info={doc} contentType={res.content_type} showText={!textInPreview} />
      )}
      {info && <PhotoInfoSection info={info} title={photoInfoTitle(res.content_type)} />}
      {res.companions.length > 0 && <AttachedSection companions={res.companions} />}

      <Section title="Description">
        <Editable
          className="details-description"
          label="Description"
          multiline
          placeholder="Add a description…"
          value={res.description}
          onSave={(description) => save({ description })}
        />
      </Section>

      <Section title="Tags">
        <TagsEditor ids={[id]} tags={res.tags} onChange={(tags) => setRes({ ...res, tags })} />
      </Section>

      <Section title="Groups">
        <GroupsEditor res={res} />
      </Section>

      <Section title="Notes">
        <NotesEditor res={res} />
      </Section>

      {res.perceptual_hash !== null && (
        <Section title="Similar images">
          <SimilarStrip id={id} rev={res.content_rev} />
        </Section>
      )}

      {groupFacts(rest).map(([group, facts]) => (
        <Section key={group} title={group}>
          <dl className="props" data-testid={`facts-${group}`}>
            {facts.map((f) => (
              <Prop key={f.key} label={f.label}>
                <span className="selectable">{formatFact(f)}</span>
              </Prop>
            ))}
          </dl>
        </Section>
      ))}

      <Section title="Information">
        <dl className="props">
          <Prop label="Type">
            <span className="selectable">{res.content_type || "—"}</span>
            {res.name_mismatch && (
              <div className="name-mismatch" data-testid="name-mismatch" title="What the file's bytes are, not what its name says">
                {sentence(res.name_mismatch)}
              </div>
            )}
          </Prop>
          <Prop label="Size">{formatBytes(res.size)}</Prop>
          {formatDimensions(res.width, res.height) && <Prop label="Dimensions">{formatDimensions(res.width, res.height)}</Prop>}
          <Prop label="Original">
            <span className="selectable break">{res.original_path || res.original_name}</span>
          </Prop>
          <Prop label="Stored">{res.watched_folder_id !== null ? "In its watched folder" : "In the library"}</Prop>
          <Prop label="Availability">{res.availability}</Prop>
          <Prop label="Created">{formatDate(res.created_at)}</Prop>
          <Prop label="Updated">{formatDate(res.updated_at)}</Prop>
          <Prop label="MD5">
            <code className="selectable break">{res.md5 ?? "—"}</code>
          </Prop>
          <Prop label="Perceptual hash">
            <code className="selectable break">{res.perceptual_hash ?? "—"}</code>
          </Prop>
          {res.media_note && (hasPreview || textInPreview) && <Prop label="Note">{sentence(res.media_note)}</Prop>}
        </dl>
      </Section>

      <Section title="Processing">
        {res.processing.length === 0 ? (
          <div className="all-done">✓ All done</div>
        ) : (
          <ul className="processing-list">
            {res.processing.map((p) => (
              <li key={p.handler} className={`processing-item is-${p.state}`}>
                <span className="processing-handler">{p.handler}</span>
                <span className={`state-pill is-${p.state}`}>{jobStateWord(p.state)}</span>
                {p.attempts > 0 && <span className="muted">{plural(p.attempts, "attempt")}</span>}
                {p.last_error && <div className="processing-error">{p.last_error}</div>}
                {p.error_detail && (
                  <details className="failure-detail">
                    <summary>Details</summary>
                    <code className="selectable">{p.error_detail}</code>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <HistorySection id={id} />
    </div>
  );
}

/** The beginning of a document's words, laid out as they are: line breaks
 * kept, in a fixed-width font where columns matter (plain text, CSV). */
function TextPreview({ text, contentType, cut, compact }: { text: string; contentType: string; cut: boolean; compact?: boolean }) {
  const mono = isMonospaceText(contentType);
  return (
    <div className={`text-preview${compact ? " is-compact" : ""}`} data-testid="text-preview">
      {/* Not focusable: the arrow keys stay the grid's (they move the selection). */}
      <pre className={`text-preview-body selectable${mono ? " is-mono" : ""}`}>
        {text}
      </pre>
      {cut && <div className="text-preview-more">Only the beginning is shown. Open the file to read it all.</div>}
    </div>
  );
}

/** A song as a music app shows it: title, artist, album and year, then its length and genre. */
function SongInfoSection({ info }: { info: SongInfo }) {
  const { title, artist, album, year, genre, duration } = info;
  const albumLine = [album, year].filter(Boolean).join(" · ");
  const details = [duration, genre].filter(Boolean) as string[];
  return (
    <section className="details-section photo-info" data-testid="song-info">
      <h3>{isTagged(info) ? "Song" : "Sound"}</h3>
      <div className="photo-info-card">
        {(title || artist || albumLine) && (
          <div className="song-info-track">
            {title && (
              <div className="photo-info-strong selectable" data-testid="song-title">
                {title}
              </div>
            )}
            {artist && (
              <div className="song-info-artist selectable" data-testid="song-artist" title="Artist">
                {artist}
              </div>
            )}
            {albumLine && (
              <div className="photo-info-sub selectable" data-testid="song-album" title={album ? "Album" : "Year"}>
                {albumLine}
              </div>
            )}
          </div>
        )}
        {details.length > 0 && (
          <div className="song-info-details" data-testid="song-details">
            {details.join(" · ")}
          </div>
        )}
      </div>
    </section>
  );
}

/** A PDF's title, author and pages; and its words when the preview shows its first page instead. */
function DocumentInfoSection({ info, contentType, showText }: { info: DocumentInfo; contentType: string; showText: boolean }) {
  const { title, author, pages, text } = info;
  return (
    <section className="details-section photo-info" data-testid="document-info">
      <h3>Document</h3>
      {(title || author || pages) && (
        <div>
          {title && <div className="photo-info-strong selectable">{title}</div>}
          {(author || pages) && (
            <div className="photo-info-sub" data-testid="document-byline">
              {[author, pages].filter(Boolean).join(" · ")}
            </div>
          )}
        </div>
      )}
      {showText && text !== null && <TextPreview text={text} contentType={contentType} cut={info.textIsCut} compact />}
    </section>
  );
}

function photoInfoTitle(contentType: string): string {
  if (contentType.startsWith("image/")) return "Photo";
  if (contentType.startsWith("video/")) return "Video";
  return "Metadata";
}

/** Date taken, camera and exposure, place and the file's own description,
 * laid out like a photo app's info panel; a block only when its facts are there. */
function PhotoInfoSection({ info, title }: { info: PhotoInfo; title: string }) {
  const { time, camera, exposure, place, description } = info;
  return (
    <section className="details-section photo-info" data-testid="photo-info">
      <h3>{title}</h3>
      {time && (
        <div className="photo-info-time selectable" data-testid="photo-info-time" title={time.full}>
          {time.text}
        </div>
      )}
      {(camera || exposure.length > 0) && (
        <div className="photo-info-card">
          {camera && (
            <div className="photo-info-camera" data-testid="photo-info-camera">
              {camera.camera && <div className="photo-info-strong selectable">{camera.camera}</div>}
              {camera.lens && <div className="photo-info-sub selectable">{camera.lens}</div>}
            </div>
          )}
          {exposure.length > 0 && (
            <div className="photo-info-exposure" data-testid="photo-info-exposure">
              {exposure.map((part, i) => (
                <Fragment key={part.key}>
                  {/* The strip wraps at the separators, never inside "1/250 s". */}
                  {i > 0 && (
                    <span className="photo-info-sep" aria-hidden="true">
                      {" · "}
                    </span>
                  )}
                  <span className="photo-info-part" title={part.label}>
                    {part.text}
                  </span>
                </Fragment>
              ))}
            </div>
          )}
        </div>
      )}
      {place && (
        <div className="photo-info-place" data-testid="photo-info-place">
          {place.name && <div className="photo-info-strong selectable">{place.name}</div>}
          {(place.coordinates || place.altitude) && (
            <div className="photo-info-sub">
              {place.coordinates && (
                <span className="selectable" title="Latitude, longitude">
                  {place.coordinates}
                </span>
              )}
              {place.coordinates && place.altitude && " · "}
              {place.altitude && <span title="Altitude">{place.altitude}</span>}
            </div>
          )}
        </div>
      )}
      {description && (
        <div className="photo-info-description" data-testid="photo-info-description">
          {description.title && <div className="photo-info-strong selectable">{description.title}</div>}
          {description.caption && <p className="photo-info-caption selectable">{description.caption}</p>}
          {description.rating !== null && (
            <div className="photo-info-rating" title={`Rated ${description.rating} of 5 in the file`} aria-label={`Rated ${description.rating} of 5`}>
              {"★".repeat(description.rating)}
              <span className="photo-info-rating-rest">{"★".repeat(5 - description.rating)}</span>
            </div>
          )}
          {description.keywords.length > 0 && (
            <div className="chips" data-testid="photo-info-keywords">
              {description.keywords.map((path) => (
                <span key={path.join("|")} className="chip photo-info-keyword" title={path.join(" › ")}>
                  {path.length > 1 && <span className="photo-info-keyword-path">{path.slice(0, -1).join(" › ")} › </span>}
                  {path[path.length - 1]}
                </span>
              ))}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** The files shown as one item with this one (a photo's raw file): what
 * they are and how big, since the grid only marks them "+DNG". */
function AttachedSection({ companions }: { companions: ResourceDetails["companions"] }) {
  return (
    <section className="details-section" data-testid="attached">
      <h3>Attached</h3>
      <ul className="companion-list">
        {companions.map((c) => (
          <li key={c.id} className="companion" data-testid="companion">
            <span className="companion-name selectable" title={c.name}>
              {c.name}
            </span>
            <span className="companion-type">{typeLabel(c.content_type, c.name)}</span>
            <span className="companion-size">{formatBytes(c.size)}</span>
          </li>
        ))}
      </ul>
      <div className="companion-hint">Shown as one item with this photo.</div>
    </section>
  );
}

/** Facts under their headings, in the order the engine sends them (grouped already). */
function groupFacts(facts: Fact[]): Array<[string, Fact[]]> {
  const groups: Array<[string, Fact[]]> = [];
  for (const fact of facts) {
    const last = groups[groups.length - 1];
    if (last && last[0] === fact.group) last[1].push(fact);
    else groups.push([fact.group, [fact]]);
  }
  return groups;
}

function availabilityText(a: string) {
  if (a === "missing") return "The file is missing: deleted or moved away from where it was.";
  if (a === "offline") return "Offline: the drive or folder holding this file is not connected.";
  return a;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="details-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Prop({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function TagsEditor({ ids, tags, onChange }: { ids: number[]; tags: string[]; onChange: (tags: string[]) => void }) {
  const remove = async (tag: string) => {
    onChange(tags.filter((t) => t !== tag));
    try {
      await api.removeTags(ids, [tag]);
      changedLocally();
      refreshTags().catch(() => {});
    } catch (e) {
      onChange(tags);
      reportError(e);
    }
  };
  const searchTag = (tag: string) =>
    appStore.set((s) => ({ ...s, view: "library", searchText: withFilters(s.searchText, { tag }) }));
  return (
    <div className="chips">
      {tags.map((tag) => (
        <span key={tag} className="chip" data-testid="tag-chip">
          <button type="button" className="chip-label" title={`Show everything tagged “${tag}”`} onClick={() => searchTag(tag)}>
            {tag}
          </button>
          <button type="button" className="chip-remove" aria-label={`Remove tag ${tag}`} onClick={() => remove(tag)}>
            ×
          </button>
        </span>
      ))}
      <EnterInput
        className="input chip-input"
        testId="tag-input"
        placeholder="Add tag…"
        label="Add tag"
        list="tag-suggestions"
        onEnter={async (tag) => {
          if (tags.includes(tag)) return;
          const ok = await addTagsTo(ids, tag);
          if (ok) onChange([...tags, tag]);
          return ok;
        }}
      />
    </div>
  );
}

function GroupsEditor({ res }: { res: ResourceDetails }) {
  const groups = useStore(groupsStore, (s) => s);
  const [creating, setCreating] = useState(false);
  const member = new Set(res.groups.map((g) => g.id));
  const available = groups.filter((g) => !member.has(g.id));
  const remove = async (groupId: number) => {
    try {
      await api.removeFromGroup(groupId, [res.id]);
      changedLocally();
      refreshGroups().catch(() => {});
    } catch (e) {
      reportError(e);
    }
  };
  return (
    <div className="chips">
      {res.groups.map((g) => (
        <span key={g.id} className="chip chip-group">
          <button type="button" className="chip-label" title="Open group" onClick={() => patchApp({ view: "groups", openGroupId: g.id })}>
            {g.name}
          </button>
          <button type="button" className="chip-remove" aria-label={`Remove from group ${g.name}`} onClick={() => remove(g.id)}>
            ×
          </button>
        </span>
      ))}
      {creating ? (
        <EnterInput
          autoFocus
          placeholder="New group name"
          label="New group name"
          onCancel={() => setCreating(false)}
          onEnter={async (name) => {
            await createGroupWith(name, [res.id]);
            setCreating(false);
          }}
        />
      ) : (
        <select
          className="select chip-select"
          aria-label="Add to group"
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (v === "__new") setCreating(true);
            else if (v) {
              const g = groups.find((x) => x.id === Number(v));
              if (g) addToGroupWithToast(g.id, g.name, [res.id]);
            }
          }}
        >
          <option value="">Add to group…</option>
          {available.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
          <option value="__new">New group…</option>
        </select>
      )}
    </div>
  );
}

function NotesEditor({ res }: { res: ResourceDetails }) {
  const notes = useStore(notesStore, (s) => s);
  const [creating, setCreating] = useState(false);
  const linked = new Set(res.notes.map((n) => n.id));
  const available = notes.filter((n) => !linked.has(n.id));
  const link = async (noteId: number, on: boolean) => {
    try {
      await api.linkNote(noteId, res.id, on);
      changedLocally();
      refreshNotes().catch(() => {});
    } catch (e) {
      reportError(e);
    }
  };
  return (
    <div className="notes-linked">
      {res.notes.length > 0 && (
        <ul className="note-list">
          {res.notes.map((n) => (
            <li key={n.id}>
              <button type="button" className="link-btn" onClick={() => patchApp({ view: "notes", openNoteId: n.id })}>
                {n.title || "Untitled note"}
              </button>
              <button type="button" className="icon-btn small" aria-label={`Unlink note ${n.title}`} title="Unlink" onClick={() => link(n.id, false)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row-tools">
        {creating ? (
          <EnterInput
            autoFocus
            placeholder="New note title"
            label="New note title"
            onCancel={() => setCreating(false)}
            onEnter={async (title) => {
              try {
                const note = await api.createNote(title, "");
                await api.linkNote(note.id, res.id, true);
                changedLocally();
                refreshNotes().catch(() => {});
                setCreating(false);
              } catch (e) {
                reportError(e);
              }
            }}
          />
        ) : (
          <>
            <select
              className="select"
              aria-label="Link a note"
              value=""
              disabled={available.length === 0}
              onChange={(e) => e.target.value && link(Number(e.target.value), true)}
            >
              <option value="">Link a note…</option>
              {available.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.title || "Untitled note"}
                </option>
              ))}
            </select>
            <button type="button" className="btn" onClick={() => setCreating(true)}>
              New note
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function SimilarStrip({ id, rev }: { id: number; rev: number }) {
  const [items, setItems] = useState<Similar[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setItems(null);
    api.similar(id, 10).then(
      (r) => live && setItems(r.filter((s) => s.resource.id !== id)),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id, rev]);
  if (error) return <div className="muted">{error}</div>;
  if (!items) return <div className="muted">Looking…</div>;
  if (items.length === 0) return <div className="muted">No similar images.</div>;
  return (
    <div className="similar-strip">
      {items.map((s) => (
        <button
          type="button"
          key={s.resource.id}
          className="similar-item"
          title={`${s.resource.name} · distance ${s.distance}${s.mirrored ? " · mirrored" : ""}`}
          onClick={() => revealInLibrary(s.resource.id)}
        >
          <Thumb id={s.resource.id} rev={s.resource.content_rev} has={s.resource.thumbnail !== null} contentType={s.resource.content_type} name={s.resource.name} />
          <span className="similar-distance">{s.distance === 0 ? "same" : `${s.distance}`}</span>
        </button>
      ))}
    </div>
  );
}

/** The source of the person's own facts (rating, label, flag) among a resource's facts. */
const PERSON = "person";

/** Stars, colour labels and the pick/reject flag, Lightroom's three marks;
 * a change applies to all of `ids` at once. Clicking what is set clears it. */
function MarksEditor({ ids, marks, onChange }: { ids: number[]; marks: Marks; onChange?: (marks: Marks) => void }) {
  const set = async (mark: Mark) => {
    const before = marks;
    onChange?.(withMark(marks, mark));
    if (!(await markItems(ids, mark))) onChange?.(before);
  };
  return (
    <div className="marks-editor" data-testid="marks-editor">
      <div className="marks-row" role="group" aria-label="Rating">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className={`mark-star${n <= marks.rating ? " is-on" : ""}`}
            aria-label={`Rate ${starsWord(n)}`}
            aria-pressed={marks.rating === n}
            title={marks.rating === n ? "Clear the rating (0)" : `${starsWord(n)} (${n})`}
            onClick={() => set({ kind: "rating", stars: marks.rating === n ? 0 : n })}
          >
            ★
          </button>
        ))}
      </div>
      <div className="marks-row" role="group" aria-label="Colour label">
        <button
          type="button"
          className={`mark-swatch is-none${marks.label === null ? " is-on" : ""}`}
          aria-label="No label"
          aria-pressed={marks.label === null}
          title="No label"
          onClick={() => set({ kind: "label", label: null })}
        />
        {LABELS.map((label, i) => (
          <button
            key={label}
            type="button"
            className={`mark-swatch label-${label}${marks.label === label ? " is-on" : ""}`}
            aria-label={`Label ${label}`}
            aria-pressed={marks.label === label}
            title={i < 4 ? `${labelName(label)} (${i + 6})` : labelName(label)}
            onClick={() => set({ kind: "label", label: marks.label === label ? null : label })}
          />
        ))}
      </div>
      <div className="marks-row" role="group" aria-label="Flag">
        <button
          type="button"
          className={`btn small mark-flag${marks.flag === "pick" ? " is-on" : ""}`}
          aria-label="Pick"
          aria-pressed={marks.flag === "pick"}
          title="Pick (P)"
          onClick={() => set({ kind: "flag", flag: marks.flag === "pick" ? null : "pick" })}
        >
          ⚑ Pick
        </button>
        <button
          type="button"
          className={`btn small mark-flag is-reject${marks.flag === "reject" ? " is-on" : ""}`}
          aria-label="Reject"
          aria-pressed={marks.flag === "reject"}
          title="Reject (X)"
          onClick={() => set({ kind: "flag", flag: marks.flag === "reject" ? null : "reject" })}
        >
          ✕ Reject
        </button>
        <button
          type="button"
          className={`btn small mark-flag is-none${marks.flag === null ? " is-on" : ""}`}
          aria-label="No flag"
          aria-pressed={marks.flag === null}
          title="Unflag (U)"
          onClick={() => set({ kind: "flag", flag: null })}
        >
          None
        </button>
      </div>
    </div>
  );
}

/** What the selected items share of their marks, as far as their tiles are loaded. */
function useCommonMarks(ids: number[]): Marks {
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  return commonMarks(loadedTiles(ids).map((t) => t.marks));
}

function BulkPane({ ids }: { ids: number[] }) {
  const groups = useStore(groupsStore, (s) => s);
  const [creating, setCreating] = useState(false);
  const marks = useCommonMarks(ids);
  return (
    <div className="details-body">
      <div className="bulk-count">{plural(ids.length, "item")} selected</div>
      <Section title="Your marks, on all">
        <MarksEditor ids={ids} marks={marks} />
      </Section>
      <Section title="Add a tag to all">
        <EnterInput testId="tag-input" placeholder="Tag name, then Enter" label="Add tag to all" list="tag-suggestions" onEnter={(tag) => addTagsTo(ids, tag)} />
      </Section>
      <Section title="Add all to a group">
        {creating ? (
          <EnterInput
            autoFocus
            placeholder="New group name"
            label="New group name"
            onCancel={() => setCreating(false)}
            onEnter={async (name) => {
              await createGroupWith(name, ids);
              setCreating(false);
            }}
          />
        ) : (
          <select
            className="select"
            aria-label="Add all to group"
            value=""
            onChange={(e) => {
              const v = e.target.value;
              if (v === "__new") setCreating(true);
              else if (v) {
                const g = groups.find((x) => x.id === Number(v));
                if (g) addToGroupWithToast(g.id, g.name, ids);
              }
            }}
          >
            <option value="">Choose a group…</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
            <option value="__new">New group…</option>
          </select>
        )}
      </Section>
      <div className="details-actions">
        <button type="button" className="btn" onClick={() => setSelection(emptySelection)}>
          Clear selection
        </button>
        <span className="spacer" />
        <button type="button" className="btn btn-danger" data-testid="details-delete" title="Move to the Trash (Delete)" onClick={() => trashItems(ids)}>
          Delete {plural(ids.length, "item")}
        </button>
      </div>
    </div>
  );
}
