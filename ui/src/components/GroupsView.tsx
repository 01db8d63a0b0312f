import { useEffect, useState } from "react";
import * as api from "../api";
import { reportError } from "../actions";
import type { Group } from "../bindings";
import { formatDate, plural } from "../format";
import { appStore, changedLocally, groupsStore, patchApp, refreshGroups } from "../state/app";
import { ask } from "../state/confirm";
import { useStore } from "../state/store";
import { toastInfo } from "../state/toasts";
import { Editable } from "./Editable";
import { LinkedThumbs } from "./LinkedThumbs";
import "./EntityViews.css";

export function GroupsView() {
  const groups = useStore(groupsStore, (s) => s);
  const openId = useStore(appStore, (s) => s.openGroupId);
  const [filter, setFilter] = useState("");
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    refreshGroups()
      .catch(reportError)
      .finally(() => setLoaded(true));
  }, []);

  const current = groups.find((g) => g.id === openId) ?? null;
  const needle = filter.trim().toLowerCase();
  const shown = needle ? groups.filter((g) => `${g.name}\n${g.description}`.toLowerCase().includes(needle)) : groups;

  const create = async () => {
    try {
      const group = await api.createGroup("New group", "");
      await refreshGroups();
      patchApp({ openGroupId: group.id });
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <div className="view master-detail" data-testid="groups-view">
      <div className="master">
        <div className="master-tools">
          <input className="input" type="search" placeholder="Filter groups" aria-label="Filter groups" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <button type="button" className="btn btn-primary" onClick={create}>
            New group
          </button>
        </div>
        <ul className="master-list" role="listbox" aria-label="Groups">
          {shown.map((g) => (
            <li key={g.id}>
              <button
                type="button"
                role="option"
                aria-selected={g.id === openId}
                className={`master-item${g.id === openId ? " is-active" : ""}`}
                onClick={() => patchApp({ openGroupId: g.id })}
              >
                <span className="master-title">{g.name}</span>
                <span className="master-sub">{plural(g.resource_ids.length, "item")}</span>
              </button>
            </li>
          ))}
          {loaded && shown.length === 0 && <li className="muted pad">{groups.length ? "No matching groups." : "No groups yet."}</li>}
        </ul>
      </div>
      <div className="detail">{current ? <GroupEditor key={current.id} group={current} /> : <div className="empty-state">Select a group, or create one.</div>}</div>
    </div>
  );
}

function GroupEditor({ group }: { group: Group }) {
  const selectionIds = useStore(appStore, (s) => s.selection.ids);

  const save = async (edit: { name?: string; description?: string }) => {
    try {
      await api.editGroup(group.id, { name: edit.name ?? null, description: edit.description ?? null });
      await refreshGroups();
    } catch (e) {
      reportError(e);
    }
  };

  const add = async (ids: number[]) => {
    try {
      const n = await api.addToGroup(group.id, ids);
      toastInfo(`Added ${plural(n, "item")} to “${group.name}”`);
      await refreshGroups();
      changedLocally();
    } catch (e) {
      reportError(e);
    }
  };

  const removeOne = async (id: number) => {
    try {
      await api.removeFromGroup(group.id, [id]);
      await refreshGroups();
      changedLocally();
    } catch (e) {
      reportError(e);
    }
  };

  const remove = async () => {
    const yes = await ask({
      title: `Delete the group “${group.name}”?`,
      message: "Its items stay in the library.",
      confirmLabel: "Delete group",
      danger: true,
    });
    if (!yes) return;
    try {
      await api.deleteGroup(group.id);
      patchApp({ openGroupId: null });
      toastInfo("Group deleted");
      await refreshGroups();
      changedLocally();
    } catch (e) {
      reportError(e);
    }
  };

  const showInLibrary = () =>
    patchApp({ view: "library", searchText: `group:"${group.name.replace(/"/g, "")}"` });

  const missing = selectionIds.filter((id) => !group.resource_ids.includes(id));

  return (
    <div className="editor">
      <Editable className="editor-title" label="Name" value={group.name} required onSave={(name) => save({ name })} />
      <div className="muted small">
        Created {formatDate(group.created_at)} · updated {formatDate(group.updated_at)}
      </div>
      <Editable className="input editor-text short" label="Description" multiline placeholder="Describe this group…" value={group.description} onSave={(description) => save({ description })} />
      <div className="editor-section-head">
        <h3>Items ({group.resource_ids.length})</h3>
        <button type="button" className="btn" onClick={showInLibrary} disabled={group.resource_ids.length === 0}>
          Show in Library
        </button>
        <button type="button" className="btn" disabled={missing.length === 0} onClick={() => add(missing)} title="Select items in the Library first">
          {missing.length ? `Add ${plural(missing.length, "selected item")}` : "Add selected items"}
        </button>
      </div>
      <LinkedThumbs ids={group.resource_ids} removeLabel="Remove from group" onRemove={removeOne} />
      <div className="editor-footer">
        <button type="button" className="btn btn-danger-quiet" onClick={remove}>
          Delete group
        </button>
      </div>
    </div>
  );
}
