"""APScheduler is imported without asyncio and multiprocessing, and still works."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ticker.net.lean_import import iscoroutinefunction


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=120, check=True)
    return out.stdout.strip()


def test_feed_jobs_import_leaves_asyncio_and_multiprocessing_out():
    out = run("""
        import sys, threading
        from ticker.net.feed_jobs import FeedJobs
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.executors.pool import ThreadPoolExecutor
        ran = threading.Event()
        s = BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)})
        s.start()
        s.add_job(ran.set)
        assert ran.wait(10)
        s.shutdown()
        print(sorted(m for m in ("asyncio", "multiprocessing", "concurrent.futures.process")
                     if m in sys.modules))
        import asyncio, multiprocessing  # later imports get the real modules
        print(asyncio.run.__module__, multiprocessing.get_context.__module__)
    """)
    assert out.splitlines() == ["[]", "asyncio.runners multiprocessing.context"]


def test_real_modules_already_loaded_are_used():
    out = run("""
        import asyncio, sys
        from ticker.net.lean_import import import_apscheduler
        import_apscheduler()
        import apscheduler.util
        print(apscheduler.util.iscoroutinefunction is asyncio.iscoroutinefunction)
    """)
    assert out == "True"


def test_iscoroutinefunction_matches_asyncio():
    import asyncio

    async def coro():
        pass

    def plain():
        pass

    for func in (coro, plain, print, len):
        assert iscoroutinefunction(func) == asyncio.iscoroutinefunction(func)
