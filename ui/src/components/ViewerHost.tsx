// The viewer wired to the page: the grid's order (the tile cache), the
// engine's details, and the same mark and Trash actions as the grid's keys.
// The grid's selection follows the viewer, so closing it leaves you on the
// item you last saw, and paging far loads the pages around it.
import { useEffect, useSyncExternalStore } from "react";
import * as api from "../api";
import { markItems, trashItems } from "../actions";
import { markForKey } from "../keyboard";
import { appStore, patchApp, setSelection, tileCache } from "../state/app";
import { checkStore } from "../state/checkLibrary";
import { confirmStore } from "../state/confirm";
import { exportStore } from "../state/exportItems";
import { selectOnly } from "../state/selection";
import { useStore } from "../state/store";
import { Viewer } from "./Viewer";

export function ViewerHost() {
  const index = useStore(appStore, (s) => s.viewerIndex);
  const view = useStore(appStore, (s) => s.view);
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  const dialog = useStore(confirmStore, (c) => c !== null);
  const checking = useStore(checkStore, (c) => !!c);
  const exporting = useStore(exportStore, (c) => !!c);
  const count = tileCache.total() ?? 0;
  const shown = index === null ? null : Math.min(index, count - 1);

  useEffect(() => {
    // The last item went (deleted from the viewer), or the view changed.
    if (index !== null && (count === 0 || view !== "library")) patchApp({ viewerIndex: null });
  }, [index, count, view]);

  if (shown === null || shown < 0 || view !== "library") return null;
  const moveTo = (i: number) => {
    patchApp({ viewerIndex: i });
    setSelection(selectOnly(i, tileCache.tileAt(i)?.id));
  };
  return (
    <Viewer
      index={shown}
      count={count}
      tileAt={(i) => tileCache.tileAt(i)}
      loadDetails={api.resource}
      onIndexChange={moveTo}
      onMark={(ids, mark) =>
        markItems(ids, mark).then((ok) => {
          if (!ok) throw new Error("the mark was not set");
        })
      }
      markForKey={markForKey}
      onDelete={(ids) => trashItems(ids)}
      onClose={() => patchApp({ viewerIndex: null })}
      suspended={dialog || checking || exporting}
    />
  );
}
