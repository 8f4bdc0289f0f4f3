"""X11 backend: dock window type, edge reservation (struts) and the active-window probe.

Uses python-xlib on its own connection to the display Qt uses (``$DISPLAY``); the X
server applies property changes whichever client sends them.

* :class:`X11Dock` — ``apply()`` places the widget on its screen, marks the window
  ``_NET_WM_WINDOW_TYPE_DOCK`` (before it is mapped, which is when window managers
  read it) and sets ``_NET_WM_STRUT_PARTIAL`` + ``_NET_WM_STRUT`` in root physical
  coordinates; ``release()`` deletes the struts.
* :class:`X11ActiveWindowProbe` — reports the root rectangle of the active window when
  it is full screen (``_NET_WM_STATE_FULLSCREEN`` or covering a whole monitor), and
  exposes the connection's file descriptor so a ``QSocketNotifier`` can wake on
  ``_NET_ACTIVE_WINDOW`` / ``_NET_WM_STATE`` / ConfigureNotify events.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget
from Xlib import X, Xatom
from Xlib import display as xdisplay
from Xlib import error as xerror
from Xlib import ext as xext

from ticker.desktop.geometry import (
    Rect,
    bar_rect,
    covers_screen,
    logical_to_physical,
    strut_partial,
    strut_shadowed,
)

log = logging.getLogger(__name__)

# The X server went away (logout, a killed Xvfb): Qt exits on its own a moment later, so
# our own connection's calls must end quietly instead of printing tracebacks on the way out.
SERVER_GONE = (xerror.ConnectionClosedError, OSError)


def open_display(name: str | None = None) -> xdisplay.Display:
    """A python-xlib connection (``name`` defaults to ``$DISPLAY``).

    Core protocol only: python-xlib would otherwise import and initialise a module for
    every extension the server offers (RandR, XInput, Composite...), none of which we
    use, costing ~0.7 MB resident. The list is swapped only for this constructor call.
    """
    saved = xext.__extensions__
    xext.__extensions__ = []
    try:
        return xdisplay.Display(name)
    finally:
        xext.__extensions__ = saved


def bar_height(widget: QWidget, fixed: int | None = None) -> int:
    """The bar's current height: its ``preferred_height()`` (follows the font), else the
    height given to the dock, else its size hint."""
    preferred = getattr(widget, "preferred_height", None)
    if callable(preferred):
        return max(1, int(preferred()))
    return fixed or max(1, widget.sizeHint().height())


def qrect_to_rect(r: QRect) -> Rect:
    return Rect(r.x(), r.y(), r.width(), r.height())


def screen_physical_rect(screen: QScreen) -> Rect:
    """A QScreen's rectangle in physical root coordinates (Qt keeps the native origin)."""
    g = qrect_to_rect(screen.geometry())
    return logical_to_physical(g, (g.x, g.y), screen.devicePixelRatio())


class X11Dock:
    """Docks one top-level widget at the bottom/top edge of one screen and reserves it."""

    def __init__(self, xdpy: xdisplay.Display, widget: QWidget, screen: QScreen,
                 position: str = "bottom", height: int | None = None) -> None:
        self._d = xdpy
        self.widget = widget
        self.screen = screen
        self.position = position
        self._height = height
        self._typed_wid: int | None = None
        self._atoms = {
            name: xdpy.intern_atom(name)
            for name in ("_NET_WM_WINDOW_TYPE", "_NET_WM_WINDOW_TYPE_DOCK",
                         "_NET_WM_STRUT", "_NET_WM_STRUT_PARTIAL")
        }
        self.strut = None  # the last StrutPartial set, for tests and logs
        self._warned = False

    def height(self) -> int:
        return bar_height(self.widget, self._height)

    def logical_rect(self) -> Rect:
        return bar_rect(qrect_to_rect(self.screen.geometry()), self.position, self.height())

    def apply(self) -> None:
        """Place the widget and (re)set the window type and struts. Safe to call repeatedly."""
        rect = self.logical_rect()
        if self.widget.screen() is not self.screen:
            self.widget.setScreen(self.screen)  # before the native window exists, if possible
        wid = int(self.widget.winId())  # creates the native window if needed
        try:
            if self._typed_wid != wid:
                self._set_dock_type(wid)
            self.widget.setGeometry(QRect(rect.x, rect.y, rect.width, rect.height))
            self._set_struts(wid, rect)
        except SERVER_GONE:
            log.debug("docking: the X server is gone")

    def _window(self, wid: int):
        return self._d.create_resource_object("window", wid)

    def _set_dock_type(self, wid: int) -> None:
        remap = self.widget.isVisible()
        if remap:  # window managers read the type only when a window is mapped
            self.widget.hide()
        a = self._atoms
        self._window(wid).change_property(
            a["_NET_WM_WINDOW_TYPE"], Xatom.ATOM, 32, [a["_NET_WM_WINDOW_TYPE_DOCK"]])
        self._d.sync()  # before Qt's own connection maps the window
        self._typed_wid = wid
        if remap:
            self.widget.show()

    def _set_struts(self, wid: int, logical: Rect) -> None:
        win, a = self._window(wid), self._atoms
        # the root of the window's own X screen (not always the default screen's)
        root = win.get_geometry().root.get_geometry()
        g = qrect_to_rect(self.screen.geometry())
        physical = logical_to_physical(logical, (g.x, g.y), self.screen.devicePixelRatio())
        try:
            strut = strut_partial(physical, self.position, root.width, root.height)
        except ValueError as exc:
            log.warning("not reserving the screen edge: %s", exc)
            return
        win.change_property(a["_NET_WM_STRUT_PARTIAL"], Xatom.CARDINAL, 32, list(strut))
        win.change_property(a["_NET_WM_STRUT"], Xatom.CARDINAL, 32, list(strut.legacy))
        self._d.sync()
        self.strut = strut
        log.debug("strut for %s: %s", self.screen.name(), tuple(strut))
        self._warn_if_shadowing(physical)

    def _warn_if_shadowing(self, physical: Rect) -> None:
        siblings = [screen_physical_rect(s) for s in self.screen.virtualSiblings()]
        shadowed = strut_shadowed(physical, self.position, siblings)
        if shadowed and not self._warned:
            self._warned = True
            log.warning("the %s strut of the bar on %s also reserves part of %d other "
                        "monitor(s) (EWMH struts reach the edge of the whole desktop); "
                        "consider position = %s for this layout", self.position,
                        self.screen.name(), len(shadowed),
                        "top" if self.position == "bottom" else "bottom")

    def release(self) -> None:
        """Delete the struts so the window manager gives the edge back. Idempotent; a
        window that is already gone (its struts went with it) is not an error."""
        if self._typed_wid is None or self.strut is None:
            return
        # not self.screen.name(): the QScreen may be gone already (monitor unplugged)
        log.debug("releasing the struts of window %#x", self._typed_wid)
        win = self._window(self._typed_wid)
        catch = xerror.CatchError(xerror.BadWindow)  # errors arrive asynchronously
        try:
            win.delete_property(self._atoms["_NET_WM_STRUT_PARTIAL"], onerror=catch)
            win.delete_property(self._atoms["_NET_WM_STRUT"], onerror=catch)
            self._d.sync()
        except SERVER_GONE:  # the struts went with the server
            log.debug("releasing struts: the X server is gone")
        else:
            if catch.get_error() is not None:
                log.debug("releasing struts: the window is already gone")
        self.strut = None


class X11ActiveWindowProbe:
    """Finds whether the active window is full screen, and where (root physical Rect)."""

    def __init__(self, xdpy: xdisplay.Display) -> None:
        self._d = xdpy
        self._root = xdpy.screen().root
        self._atom = {n: xdpy.intern_atom(n) for n in (
            "_NET_ACTIVE_WINDOW", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN",
            "_NET_WM_WINDOW_TYPE", "_NET_WM_WINDOW_TYPE_DESKTOP", "_NET_WM_WINDOW_TYPE_DOCK")}
        self._watched: int | None = None
        self.closed = False
        self._root.change_attributes(event_mask=X.PropertyChangeMask)
        self._d.flush()

    def fileno(self) -> int:
        return self._d.fileno()

    def drain(self) -> bool:
        """Consume queued X events; True if any could change the answer. False for good
        once the server is gone (``closed``): the dead socket stays readable forever."""
        if self.closed:
            return False
        relevant = False
        try:
            while self._d.pending_events():
                ev = self._d.next_event()
                if ev.type == X.PropertyNotify:
                    relevant |= ev.atom in (self._atom["_NET_ACTIVE_WINDOW"],
                                            self._atom["_NET_WM_STATE"])
                elif ev.type in (X.ConfigureNotify, X.UnmapNotify, X.MapNotify, X.DestroyNotify):
                    relevant = True
        except SERVER_GONE:
            self._lost()
            return False
        return relevant

    def _lost(self) -> None:
        if not self.closed:
            log.info("the X server connection closed; full-screen detection stops")
        self.closed = True

    def _prop(self, win, name: str) -> list[int]:
        prop = win.get_full_property(self._atom[name], X.AnyPropertyType)
        return list(prop.value) if prop is not None else []

    def active_window(self) -> int | None:
        ids = self._prop(self._root, "_NET_ACTIVE_WINDOW")
        return ids[0] if ids and ids[0] else None

    def fullscreen_rect(self, monitors: list[Rect]) -> Rect | None:
        """Root rect of the active window if it is full screen on one of ``monitors``."""
        if self.closed:
            return None
        try:
            return self._fullscreen_rect(monitors)
        except SERVER_GONE:
            self._lost()
            return None

    def _fullscreen_rect(self, monitors: list[Rect]) -> Rect | None:
        wid = self.active_window()
        self._watch(wid)
        if wid is None:
            return None
        win = self._d.create_resource_object("window", wid)
        try:
            types = self._prop(win, "_NET_WM_WINDOW_TYPE")
            if self._atom["_NET_WM_WINDOW_TYPE_DESKTOP"] in types or \
                    self._atom["_NET_WM_WINDOW_TYPE_DOCK"] in types:
                return None
            attrs = win.get_attributes()
            if attrs.map_state != X.IsViewable:
                return None
            geo = win.get_geometry()
            origin = self._root.translate_coords(win, 0, 0)
            rect = Rect(origin.x, origin.y, geo.width, geo.height)
            if self._atom["_NET_WM_STATE_FULLSCREEN"] in self._prop(win, "_NET_WM_STATE"):
                return rect
        except xerror.XError:  # the window went away meanwhile
            return None
        return rect if any(covers_screen(rect, m) for m in monitors) else None

    def _watch(self, wid: int | None) -> None:
        if wid == self._watched:
            return
        if wid is not None:
            catch = xerror.CatchError(xerror.BadWindow)  # it may be gone already
            self._d.create_resource_object("window", wid).change_attributes(
                event_mask=X.PropertyChangeMask | X.StructureNotifyMask, onerror=catch)
            self._d.sync()
            if catch.get_error() is not None:
                wid = None
        self._watched = wid

    def close(self) -> None:
        close_display(self._d)


def close_display(xdpy: xdisplay.Display) -> None:
    """Close our connection; a server that is already gone leaves nothing to close."""
    try:
        xdpy.close()
    except SERVER_GONE:
        log.debug("closing the X connection: the server is gone")
