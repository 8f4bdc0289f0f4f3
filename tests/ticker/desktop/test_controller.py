"""DockController + ScreenManager + FullscreenWatcher logic in-process (fallback backend)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget

from ticker.desktop import DesktopIntegration, DockController, FallbackDock, ScreenManager


class Bar(QWidget):
    def __init__(self, screen):
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Tool)
        self.height_px = 30

    def preferred_height(self):
        return self.height_px

    def sizeHint(self):
        return QSize(100, self.height_px)


@pytest.fixture
def setup(qapp, qtbot):
    desktop = DesktopIntegration(qapp, backend="fallback")
    screens = ScreenManager(qapp, "primary")
    controller = DockController(desktop, screens, Bar)
    yield controller, desktop, screens
    controller.stop()
    desktop.close()


def test_bar_docks_at_the_bottom_and_follows_its_height(setup, qapp, qtbot):
    controller, _, _ = setup
    controller.start()
    (bar,) = controller.bars()
    qtbot.waitExposed(bar)
    g = qapp.primaryScreen().geometry()
    assert bar.geometry().getRect() == (g.x(), g.bottom() + 1 - 30, g.width(), 30)
    bar.height_px = 44
    controller.refresh()
    assert bar.geometry().getRect() == (g.x(), g.bottom() + 1 - 44, g.width(), 44)
    controller.set_position("top")
    assert bar.geometry().getRect() == (g.x(), g.y(), g.width(), 44)
    assert isinstance(next(iter(controller.docks().values())), FallbackDock)


def test_fullscreen_hides_and_restores_and_is_reported(setup, qapp, qtbot):
    controller, desktop, _ = setup
    controller.start()
    (bar,) = controller.bars()
    watcher = desktop.fullscreen_watcher()
    screen = qapp.primaryScreen()
    with qtbot.waitSignal(controller.fullscreenChanged) as blocker:
        watcher.report(screen, True)
    assert blocker.args == [True]
    assert not bar.isVisible() and controller.hidden_by_fullscreen()
    with qtbot.waitSignal(controller.fullscreenChanged) as blocker:
        watcher.report(screen, False)
    assert blocker.args == [False]
    assert bar.isVisible() and not controller.hidden_by_fullscreen()


def test_suppress_wins_over_fullscreen_end(setup, qapp):
    controller, desktop, _ = setup
    controller.start()
    (bar,) = controller.bars()
    watcher = desktop.fullscreen_watcher()
    controller.set_suppressed(True)
    watcher.report(qapp.primaryScreen(), True)
    watcher.report(qapp.primaryScreen(), False)
    assert not bar.isVisible()
    controller.set_suppressed(False)
    assert bar.isVisible()


def test_setting_change_emits_once_debounced(setup, qtbot):
    _, _, screens = setup
    with qtbot.waitSignal(screens.screensChanged, timeout=2000):
        screens.set_setting("all")
        screens.set_setting(0)
    assert screens.setting == 0
    assert len(screens.target_screens()) == 1


def test_stop_closes_the_bars(setup, qtbot):
    controller, _, _ = setup
    controller.start()
    (bar,) = controller.bars()
    with qtbot.waitSignal(controller.barsChanged):
        controller.stop()
    assert controller.bars() == [] and not bar.isVisible()


@pytest.mark.parametrize("signal_name", ["logicalDotsPerInchChanged", "physicalDotsPerInchChanged",
                                         "geometryChanged", "availableGeometryChanged"])
def test_dpi_or_geometry_change_redocks_without_restart(setup, qapp, qtbot, signal_name):
    # Xvfb cannot change DPI at run time, so the screen's own signal is emitted here; the
    # bar's preferred height (its font in pixels) is what a DPI change alters
    controller, _, screens = setup
    controller.start()
    (bar,) = controller.bars()
    screen = qapp.primaryScreen()
    g = screen.geometry()
    bar.height_px = 45
    signal = getattr(screen, signal_name)
    with qtbot.waitSignal(screens.screensChanged, timeout=2000):
        if signal_name.endswith("DotsPerInchChanged"):
            signal.emit(144.0)
        else:
            signal.emit(g)
    assert bar.geometry().getRect() == (g.x(), g.bottom() + 1 - 45, g.width(), 45)


def test_nothing_redocks_after_stop(setup, qapp, qtbot):
    controller, _, screens = setup
    controller.start()
    controller.stop()
    with qtbot.waitSignal(screens.screensChanged, timeout=2000):
        qapp.primaryScreen().logicalDotsPerInchChanged.emit(144.0)
    controller.refresh()
    controller.set_suppressed(False)
    assert controller.bars() == []
