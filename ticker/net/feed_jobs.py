"""APScheduler plumbing for the poller: one interval job per feed URL on a thread pool.

Every job runs with coalesce on, max_instances=1 and no misfire limit, and every trigger
is passed as an instance (frozen builds lose APScheduler's string entry points). A job's
next run can be moved (backoff, refresh now) or paused (None) while a long-poll loop runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from ticker.net.lean_import import import_apscheduler

import_apscheduler()  # before the imports below: keeps asyncio and multiprocessing out
from apscheduler.executors.pool import ThreadPoolExecutor  # noqa: E402
from apscheduler.jobstores.base import JobLookupError  # noqa: E402
from apscheduler.schedulers.background import BackgroundScheduler  # noqa: E402
from apscheduler.triggers.interval import IntervalTrigger  # noqa: E402

EXTRA_POOL_SIZE = 4
# APScheduler logs every job run ("Running job", "executed successfully") at INFO: one or
# two lines a minute per feed that say nothing. The poller logs the real events itself.
QUIET_LOGGERS = ("apscheduler.scheduler", "apscheduler.executors")
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}


def feed_job_id(url: str) -> str:
    return "feed:" + url


def after(seconds: float) -> dt.datetime:
    """The UTC instant ``seconds`` from now (never in the past)."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=max(0.0, seconds))


class FeedJobs:
    """A BackgroundScheduler with one job per feed; all methods are safe from any thread.

    A long-polling feed keeps its worker thread for as long as the server holds it, so
    every feed needs a worker of its own. A thread pool cannot grow: feeds added beyond
    the first pool's size get another pool instead of starving.
    """

    def __init__(self, workers: int) -> None:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(workers)},
            job_defaults=dict(JOB_DEFAULTS), timezone=dt.UTC)
        self._lock = threading.Lock()
        # executor alias -> (worker threads, feed URLs on it); one default worker is the
        # status job's
        self._pools: dict[str, tuple[int, set[str]]] = {"default": (max(1, workers - 1), set())}

    def _executor_for(self, url: str) -> str:
        with self._lock:
            for _size, urls in self._pools.values():
                urls.discard(url)
            for alias, (size, urls) in self._pools.items():
                if len(urls) < size:
                    urls.add(url)
                    return alias
            alias = f"more-{len(self._pools)}"
            self._pools[alias] = (EXTRA_POOL_SIZE, {url})
        self.scheduler.add_executor(ThreadPoolExecutor(EXTRA_POOL_SIZE), alias=alias)
        return alias

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self, wait: bool) -> None:
        self.scheduler.shutdown(wait=wait)

    def add_feed(self, url: str, func: Callable[[str], None], interval: float,
                 delay: float) -> None:
        """Run ``func(url)`` after ``delay`` seconds, then every ``interval`` seconds."""
        start = after(delay)
        self.scheduler.add_job(
            func, trigger=IntervalTrigger(seconds=interval, start_date=start), args=[url],
            id=feed_job_id(url), name=url, replace_existing=True, next_run_time=start,
            executor=self._executor_for(url), **JOB_DEFAULTS)

    def add_periodic(self, job_id: str, func: Callable[[], None], seconds: float) -> None:
        self.scheduler.add_job(func, trigger=IntervalTrigger(seconds=seconds), id=job_id,
                               **JOB_DEFAULTS)

    def move(self, url: str, when: dt.datetime | None) -> None:
        """Set the feed job's next run (None pauses it); a removed job is fine."""
        try:
            self.scheduler.modify_job(feed_job_id(url), next_run_time=when)
        except (JobLookupError, RuntimeError, AttributeError):
            pass

