#!/usr/bin/python3
"""A tiny GTK window that offers files as a drag source (text/uri-list).

The end-to-end tests start it beside the app under Xvfb and drag from it
with xdotool: WebDriver cannot drag files from outside the page, and a DOM
drop event would never reach Tauri, which takes drops from GTK (XDND).

usage: drag_source.py X Y PATH...   (prints "ready" once it is mapped)
"""

import sys
from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def main() -> None:
    x, y = int(sys.argv[1]), int(sys.argv[2])
    uris = [Path(p).resolve().as_uri() for p in sys.argv[3:]]

    window = Gtk.Window(title="drag source")
    window.set_decorated(False)
    window.set_default_size(200, 120)
    window.move(x, y)
    box = Gtk.EventBox()
    box.add(Gtk.Label(label=f"drag {len(uris)} item(s)"))
    window.add(box)

    box.drag_source_set(
        Gdk.ModifierType.BUTTON1_MASK,
        [Gtk.TargetEntry.new("text/uri-list", 0, 0)],
        Gdk.DragAction.COPY,
    )

    def on_get(_widget, _context, data, _info, _time):
        data.set_uris(uris)

    box.connect("drag-data-get", on_get)
    box.connect("drag-end", lambda *_: GLib.timeout_add(500, Gtk.main_quit))
    window.connect("destroy", Gtk.main_quit)

    def announce(*_):
        print("ready", flush=True)
        return False

    window.connect("map-event", lambda *_: GLib.timeout_add(200, announce))
    window.show_all()
    # Never outlive a test that forgot us.
    GLib.timeout_add_seconds(60, Gtk.main_quit)
    Gtk.main()


if __name__ == "__main__":
    main()
