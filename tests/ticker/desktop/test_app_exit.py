"""The real program (``python -m ticker``) gives the screen edge back when it is told to
quit: SIGTERM (and Ctrl+C, logout) go through ``QApplication.quit()`` like the tray's
*Quit* item, and ``TickerApp.shutdown()`` deletes the struts *before* the window goes.
Watched from outside with X events, so a crash (where only the window's destruction
would drop the struts) cannot pass."""

from __future__ import annotations

import select
import shutil
import signal
import subprocess
import sys
import time

import pytest
from Xlib import X

from tests.ticker.desktop.xsession import XSession, dock_windows_of, wait_for

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("openbox")), reason="needs Xvfb and openbox")


@pytest.fixture
def session():
    s = XSession()
    yield s
    s.close()


def events_until_destroyed(session: XSession, wid: int, timeout: float = 20.0) -> list[tuple]:
    """(kind, atom-name) for the window's events until it is destroyed."""
    seen = []
    d = session.dpy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        while d.pending_events():
            ev = d.next_event()
            if ev.type == X.PropertyNotify and ev.window.id == wid:
                name = d.get_atom_name(ev.atom)
                seen.append(("deleted" if ev.state == X.PropertyDelete else "changed", name))
            elif ev.type == X.DestroyNotify and ev.window.id == wid:
                seen.append(("destroyed", None))
                return seen
        select.select([d.fileno()], [], [], 0.1)
    raise AssertionError(f"the bar window was not destroyed; events: {seen}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_quit_by_signal_deletes_the_struts_before_the_window(session, live_server, signum):
    proc = subprocess.Popen(
        [sys.executable, "-m", "ticker", "--feed", live_server.url("/feed.json")],
        env=session.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        bars = wait_for(lambda: proc.poll() is None and dock_windows_of(session, proc.pid),
                        timeout=30, what="the bar")
        wid = bars[0]
        root = session.dpy.screen().root.id
        assert session.prop(wid, "_NET_WM_STRUT_PARTIAL")[3] > 0
        wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] < 1080,
                 what="the work area to shrink")
        session.window(wid).change_attributes(
            event_mask=X.PropertyChangeMask | X.StructureNotifyMask)
        session.dpy.sync()
        proc.send_signal(signum)
        events = events_until_destroyed(session, wid)
        proc.wait(20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        output = proc.stdout.read()
    assert proc.returncode == 0, output
    assert "Traceback" not in output, output
    assert ("deleted", "_NET_WM_STRUT_PARTIAL") in events, events
    assert ("deleted", "_NET_WM_STRUT") in events, events
    assert events.index(("deleted", "_NET_WM_STRUT_PARTIAL")) < events.index(("destroyed", None))
    wait_for(lambda: (session.prop(root, "_NET_WORKAREA") or [0] * 4)[3] == 1080,
             what="the work area to be restored")
