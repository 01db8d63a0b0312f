#!/usr/bin/python3
"""A tiny GTK window that takes dropped files (text/uri-list), as a file
manager or a chat window would.

The end-to-end tests drag tiles out of the app onto it with xdotool and read
what arrived: one line "dropped URI" per file, then it quits.

usage: drop_target.py X Y   (prints "ready" once it is mapped)
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def main() -> None:
    x, y = int(sys.argv[1]), int(sys.argv[2])

    window = Gtk.Window(title="drop target")
    window.set_decorated(False)
    window.set_default_size(240, 200)
    window.move(x, y)
    box = Gtk.EventBox()
    box.add(Gtk.Label(label="drop files here"))
    window.add(box)

    box.drag_dest_set(
        Gtk.DestDefaults.ALL,
        [Gtk.TargetEntry.new("text/uri-list", 0, 0)],
        Gdk.DragAction.COPY,
    )

    def on_received(_widget, _context, _x, _y, data, _info, _time):
        for uri in data.get_uris() or []:
            print(f"dropped {uri}", flush=True)
        print("done", flush=True)
        GLib.timeout_add(200, Gtk.main_quit)

    box.connect("drag-data-received", on_received)
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
