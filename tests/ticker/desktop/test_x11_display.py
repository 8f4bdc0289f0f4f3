"""The ticker's python-xlib connection speaks the core protocol only."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("Xlib")
from Xlib import display as xdisplay  # noqa: E402
from Xlib import ext as xext  # noqa: E402

from ticker.desktop.x11 import open_display  # noqa: E402

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display")


def test_no_extension_modules_and_the_global_list_is_restored():
    before = list(xext.__extensions__)
    d = open_display()
    try:
        assert d.extensions == []
        assert xext.__extensions__ == before
        atom = d.intern_atom("_NET_WM_STRUT_PARTIAL")  # core requests still work
        assert d.get_atom_name(atom) == "_NET_WM_STRUT_PARTIAL"
    finally:
        d.close()
    other = xdisplay.Display()  # other connections in the process are unaffected
    try:
        assert other.extensions
    finally:
        other.close()
