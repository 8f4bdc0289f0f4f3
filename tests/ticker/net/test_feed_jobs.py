"""FeedJobs: APScheduler jobs per feed with coalesce, max_instances=1 and trigger instances."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from ticker.net.feed_jobs import FeedJobs, after, feed_job_id


def job_of(jobs: FeedJobs, url: str):
    """The feed's APScheduler job, as the scheduler itself knows it."""
    return jobs.scheduler.get_job(feed_job_id(url))


@pytest.fixture
def jobs():
    made = FeedJobs(workers=2)
    made.start()
    yield made
    made.shutdown(wait=True)


def test_feed_job_settings(jobs):
    jobs.add_feed("http://a/feed.json", lambda url: None, interval=60, delay=3600)
    job = job_of(jobs, "http://a/feed.json")
    assert job.coalesce is True and job.max_instances == 1
    assert job.misfire_grace_time is None
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == dt.timedelta(seconds=60)
    # The first run waits the start-up delay.
    assert job.next_run_time > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3500)


def test_move_and_pause(jobs):
    ran = threading.Event()
    jobs.add_feed("u", lambda url: ran.set(), interval=3600, delay=3600)
    jobs.move("u", None)
    assert job_of(jobs, "u").next_run_time is None  # paused (a long-poll loop owns the feed)
    jobs.move("u", after(0))
    assert ran.wait(10)  # moved to now: runs at once
    jobs.move("unknown", after(0))  # a job that is gone (the scheduler stopped) is fine


def test_feeds_beyond_the_pool_get_workers_of_their_own(jobs):
    """Each feed may hold its worker (a long-poll): two feeds on a 2-worker pool (one is the
    status job's) must not wait for each other."""
    release = threading.Event()
    started = {url: threading.Event() for url in ("a", "b", "c")}

    def hold(url):
        started[url].set()
        release.wait(10)

    try:
        for url in started:
            jobs.add_feed(url, hold, interval=3600, delay=0)
        for url, event in started.items():
            assert event.wait(10), f"feed {url} never got a worker"
    finally:
        release.set()
    executors = {url: job_of(jobs, url).executor for url in started}
    assert executors["a"] == "default" and executors["b"] == executors["c"] != "default"
