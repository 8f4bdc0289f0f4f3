"""Test helpers: a private Xvfb + openbox session, the dock helper subprocess, Xlib probes."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from Xlib import X, Xatom, display

ROOT = Path(__file__).resolve().parents[3]
HELPER = Path(__file__).with_name("dock_helper.py")


def wait_for(predicate, timeout=10.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


DUMMY_CONF = """
Section "ServerFlags"
    Option "AutoAddDevices" "false"
    Option "AutoEnableDevices" "false"
    Option "DontVTSwitch" "true"
EndSection
Section "Device"
    Identifier "dummy"
    Driver "dummy"
    VideoRam 256000
EndSection
Section "Monitor"
    Identifier "mon"
    HorizSync 5.0-1000.0
    VertRefresh 5.0-200.0
    Modeline "1920x1080" 148.50 1920 2008 2052 2200 1080 1084 1089 1125
    Modeline "1280x1024" 108.00 1280 1328 1440 1688 1024 1025 1028 1066
EndSection
Section "Screen"
    Identifier "screen"
    Device "dummy"
    Monitor "mon"
    DefaultDepth 24
    SubSection "Display"
        Depth 24
        Virtual 4096 2160
        Modes "1920x1080"
    EndSubSection
EndSection
"""

DUMMY_DRIVER = "/usr/lib/xorg/modules/drivers/dummy_drv.so"


def xorg_dummy_available() -> bool:
    """Xorg with the dummy driver: a virtual X server whose RandR can change modes and
    define monitors at run time (Xvfb's cannot)."""
    return bool(shutil.which("Xorg")) and os.path.exists(DUMMY_DRIVER) and os.geteuid() == 0


class XSession:
    """A private X server on a free display number (``-displayfd``), optionally with openbox.

    ``server="xvfb"`` (one or more X screens) or ``server="xorg-dummy"`` (one screen whose
    monitors and resolution can change at run time through xrandr).
    """

    def __init__(self, screens=("1920x1080x24",), wm=True, server="xvfb") -> None:
        self._tmp = tempfile.mkdtemp(prefix="xsession-")
        read_fd, write_fd = os.pipe()
        if server == "xorg-dummy":
            conf = Path(self._tmp) / "dummy.conf"
            conf.write_text(DUMMY_CONF, encoding="utf-8")
            args = ["Xorg", "-displayfd", str(write_fd), "-config", str(conf),
                    "-configdir", str(Path(self._tmp) / "none"), "-logfile",
                    str(Path(self._tmp) / "xorg.log"), "-noreset", "-nolisten", "tcp",
                    "-novtswitch", "-sharevts"]
        else:
            if not shutil.which("Xvfb"):
                raise RuntimeError("Xvfb is not installed")
            args = ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-noreset"]
            for i, spec in enumerate(screens):
                args += ["-screen", str(i), spec]
        self.xvfb = subprocess.Popen(args, pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        if not number:
            raise RuntimeError(f"{args[0]} did not start")
        self.name = f":{number}"
        # a private runtime dir: the ticker's single-instance socket lives there
        self.runtime_dir = tempfile.mkdtemp(prefix="xdg-runtime-")
        self.env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb",
                    "PYTHONPATH": str(ROOT), "XDG_RUNTIME_DIR": self.runtime_dir}
        self.wm = None
        self.dpy = display.Display(self.name)
        if wm:
            # openbox needs its system rc.xml/themes; tests point XDG_* at empty dirs
            wm_env = {**self.env, "XDG_CONFIG_DIRS": "/etc/xdg", "XDG_DATA_DIRS": "/usr/share"}
            self.wm = subprocess.Popen(["openbox", "--sm-disable"], env=wm_env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            check = self.dpy.intern_atom("_NET_SUPPORTING_WM_CHECK")
            wait_for(lambda: self.dpy.screen().root.get_full_property(check, X.AnyPropertyType),
                     what="openbox to start")

    def atom(self, name: str) -> int:
        return self.dpy.intern_atom(name)

    def window(self, wid: int):
        return self.dpy.create_resource_object("window", wid)

    def prop(self, wid: int, name: str) -> list[int] | None:
        p = self.window(wid).get_full_property(self.atom(name), X.AnyPropertyType)
        return list(p.value) if p is not None else None

    def root_rect(self, wid: int) -> tuple[int, int, int, int]:
        win = self.window(wid)
        geo = win.get_geometry()
        origin = self.dpy.screen().root.translate_coords(win, 0, 0)
        return origin.x, origin.y, geo.width, geo.height

    def is_viewable(self, wid: int) -> bool:
        return self.window(wid).get_attributes().map_state == X.IsViewable

    def client_message(self, wid: int, type_name: str, data: list[int]) -> None:
        from Xlib.protocol import event
        root = self.dpy.screen().root
        ev = event.ClientMessage(window=self.window(wid), client_type=self.atom(type_name),
                                 data=(32, (data + [0] * 5)[:5]))
        root.send_event(ev, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
        self.dpy.sync()

    def make_window(self, title: str = "other", w: int = 400, h: int = 300) -> int:
        screen = self.dpy.screen()
        win = screen.root.create_window(100, 100, w, h, 0, screen.root_depth,
                                        background_pixel=screen.white_pixel)
        win.set_wm_name(title)
        win.change_property(self.atom("_NET_WM_NAME"), self.atom("UTF8_STRING"), 8,
                            title.encode())
        win.change_property(self.atom("WM_PROTOCOLS"), Xatom.ATOM, 32,
                            [self.atom("WM_DELETE_WINDOW")])
        win.map()
        self.dpy.sync()
        wait_for(lambda: self.is_viewable(win.id), what="test window to map")
        return win.id

    def set_state(self, wid: int, add: bool, *states: str) -> None:
        atoms = [self.atom(s) for s in states] + [0]
        self.client_message(wid, "_NET_WM_STATE", [1 if add else 0, atoms[0], atoms[1], 1])

    def activate(self, wid: int) -> None:
        self.client_message(wid, "_NET_ACTIVE_WINDOW", [1, X.CurrentTime, 0])

    def destroy_window(self, wid: int) -> None:
        self.window(wid).destroy()
        self.dpy.sync()

    def close(self) -> None:
        try:
            self.dpy.close()
        except Exception:
            pass
        for proc in (self.wm, self.xvfb):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
        shutil.rmtree(self._tmp, ignore_errors=True)

    def xrandr(self, *args: str) -> None:
        subprocess.run(["xrandr", *args], env=self.env, check=True, capture_output=True,
                       timeout=30)


def dock_windows_of(session: XSession, pid: int) -> list[int]:
    """Viewable DOCK-type client windows (per openbox's _NET_CLIENT_LIST) of process ``pid``."""
    root = session.dpy.screen().root.id
    found = []
    for wid in session.prop(root, "_NET_CLIENT_LIST") or []:
        try:
            if (session.prop(wid, "_NET_WM_PID") or [None])[0] != pid:
                continue
            types = session.prop(wid, "_NET_WM_WINDOW_TYPE") or []
            if session.atom("_NET_WM_WINDOW_TYPE_DOCK") in types and session.is_viewable(wid):
                found.append(wid)
        except Exception:  # the window went away between the calls
            continue
    return found


def assert_clean(stderr: str) -> None:
    """The dock helper quit when told and raised nothing (its stderr from close())."""
    assert "Traceback" not in stderr and "did not quit cleanly" not in stderr, stderr


class DockHelper:
    """The dock_helper.py subprocess: one JSON answer per command."""

    def __init__(self, session: XSession, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HELPER), *args], env=session.env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._stderr = ""
        self.first = self._read()

    def _read(self, timeout: float = 15.0) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            self.proc.wait()
            self._stderr += self.proc.stderr.read()
            raise AssertionError(f"dock helper gave no answer; stderr:\n{self._stderr}")
        return json.loads(line)

    def send(self, command: str) -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._read()

    def state(self) -> dict:
        return self.send("state")

    def close(self) -> str:
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.wait(10)
            except (AssertionError, BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
                self._stderr += "\n[dock helper did not quit cleanly]\n"
        if not self.proc.stderr.closed:
            self._stderr += self.proc.stderr.read()
            self.proc.stderr.close()
        return self._stderr
