"""Imports APScheduler without loading asyncio and multiprocessing (~4 MB resident).

APScheduler 3.x imports them at module level although a BackgroundScheduler with a
thread pool never uses them: ``apscheduler.util`` takes ``iscoroutinefunction`` from
asyncio (only the tornado/asyncio executors call it) and ``apscheduler.executors.pool``
imports multiprocessing and ``concurrent.futures.process`` for its *process* pool (the
``BrokenProcessPool`` name it imports is not used at all).

While APScheduler is imported, those names are served by small stand-in modules that
load the real module on first attribute access; the stand-ins leave ``sys.modules``
again right after, so any later ``import asyncio`` elsewhere gets the real package. If
a real module is already loaded, it is used as is.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sys
import types
from collections.abc import Iterator


def iscoroutinefunction(func: object) -> bool:
    """asyncio's answer when asyncio is loaded; without it nothing can carry asyncio's
    legacy coroutine marker, so :func:`inspect.iscoroutinefunction` is the same answer."""
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None:
        return asyncio.iscoroutinefunction(func)
    return inspect.iscoroutinefunction(func)


class _BrokenProcessPool(RuntimeError):
    """Stand-in for ``concurrent.futures.process.BrokenProcessPool`` (never raised here)."""


def _lazy_module(name: str, **attrs: object) -> types.ModuleType:
    module = types.ModuleType(name, f"stand-in for {name}; loads it on first use")

    def __getattr__(attr: str) -> object:
        if attr.startswith("__"):  # the import system probing (``__path__``...): not a use
            raise AttributeError(attr)
        if sys.modules.get(name) is module:
            del sys.modules[name]  # only while the stand-in is still registered
        return getattr(importlib.import_module(name), attr)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    module.__dict__.update(attrs)
    return module


@contextlib.contextmanager
def _stand_ins(modules: dict[str, types.ModuleType]) -> Iterator[None]:
    added = {name: mod for name, mod in modules.items() if name not in sys.modules}
    sys.modules.update(added)
    try:
        yield
    finally:
        for name, mod in added.items():
            if sys.modules.get(name) is mod:
                del sys.modules[name]


def import_apscheduler() -> None:
    """Import the APScheduler modules the poller uses, lean when they are not loaded yet."""
    if "apscheduler.executors.pool" in sys.modules:
        return
    with _stand_ins({
        "asyncio": _lazy_module("asyncio", iscoroutinefunction=iscoroutinefunction),
        "multiprocessing": _lazy_module("multiprocessing"),
        "concurrent.futures.process": _lazy_module(
            "concurrent.futures.process", BrokenProcessPool=_BrokenProcessPool),
    }):
        importlib.import_module("apscheduler.executors.pool")
        importlib.import_module("apscheduler.schedulers.background")
