"""Subprocess used by the X11 tests: a plain frameless bar docked by DockController.

Reads commands on stdin, one per line, and answers each with one JSON line on stdout:
``state`` · ``setting <primary|all|N>`` · ``position <bottom|top>`` · ``suppress <0|1>``
· ``release`` · ``quit``. Runs on whatever ``$DISPLAY`` the test points it at.
"""

from __future__ import annotations

import json
import logging
import sys

from PySide6.QtCore import QSize, QSocketNotifier, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ticker.desktop import DesktopIntegration, DockController, ScreenManager

BAR_HEIGHT = 40


class PlainBar(QWidget):
    def __init__(self, screen) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Tool)
        self.setWindowTitle(f"plain-bar {screen.name()}")
        self.setStyleSheet("background: #224")

    def sizeHint(self) -> QSize:
        return QSize(200, BAR_HEIGHT)


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    app = QApplication(sys.argv[:1])
    setting = sys.argv[1] if len(sys.argv) > 1 else "primary"
    position = sys.argv[2] if len(sys.argv) > 2 else "bottom"
    desktop = DesktopIntegration(app)
    screens = ScreenManager(app, setting)
    controller = DockController(desktop, screens, PlainBar, position=position)
    watcher = desktop.fullscreen_watcher()

    def state() -> dict:
        bars = []
        for screen, dock in controller.docks().items():
            g = dock.widget.geometry()
            bars.append({
                # identity, not ==: PySide's == touches the C++ side of every element
                "screen": next(i for i, s in enumerate(app.screens()) if s is screen),
                "wid": int(dock.widget.winId()),
                "rect": [g.x(), g.y(), g.width(), g.height()],
                "strut": list(dock.strut) if dock.strut else None,
                "visible": dock.widget.isVisible(),
                "fullscreen": watcher.is_fullscreen(screen),
            })
        return {"backend": desktop.backend,
                "screens": [[s.name(), *s.geometry().getRect()] for s in app.screens()],
                "bars": bars}

    def handle() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "setting":
            screens.set_setting(int(arg) if arg.isdigit() else arg)
        elif cmd == "position":
            controller.set_position(arg)
        elif cmd == "suppress":
            controller.set_suppressed(arg == "1")
        elif cmd == "release":
            for dock in controller.docks().values():
                dock.release()
        elif cmd == "quit":
            controller.stop()
            desktop.close()
            print(json.dumps({"bye": True}), flush=True)
            app.quit()
            return
        print(json.dumps(state()), flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(handle)
    controller.start()
    print(json.dumps({"ready": True, **state()}), flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
