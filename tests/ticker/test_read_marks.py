"""ReadMarks: the store behind the model's read state (pure file logic, no widgets)."""

from __future__ import annotations

import json

from ticker.read_marks import MAX_READ_IDS, ReadMarks


def test_corrupt_read_file_starts_empty(tmp_path):
    path = tmp_path / "read.json"
    path.write_text("{not json", encoding="utf-8")
    marks = ReadMarks(path)
    assert not marks.is_read("a")
    marks.mark_read("a")
    assert json.loads(path.read_text()) == ["a"]


def test_marks_survive_a_new_instance_and_a_second_mark_is_no_news(tmp_path):
    path = tmp_path / "read.json"
    marks = ReadMarks(path)
    assert marks.mark_read("a") and not marks.mark_read("a")
    again = ReadMarks(path)
    assert again.is_read("a") and again.ids() == ["a"]


def test_without_a_path_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marks = ReadMarks()
    assert marks.mark_read("a") and marks.is_read("a")
    assert list(tmp_path.iterdir()) == []


def test_bounded_oldest_marks_go_first(tmp_path):
    path = tmp_path / "read.json"
    path.write_text(json.dumps([f"n-{i}" for i in range(MAX_READ_IDS)]), encoding="utf-8")
    marks = ReadMarks(path)
    marks.mark_read("newest")
    assert not marks.is_read("n-0") and marks.is_read("n-1") and marks.is_read("newest")
    assert len(json.loads(path.read_text())) == MAX_READ_IDS


def test_bare_ids_are_carried_over_to_each_feed(tmp_path):
    path = tmp_path / "read.json"
    path.write_text(json.dumps(["a", "http://x/feed.json#b"]), encoding="utf-8")
    marks = ReadMarks(path)
    marks.scope_to_feeds(["http://x/feed.json", "http://y/feed.json"])
    assert marks.is_read("http://x/feed.json#a") and marks.is_read("http://y/feed.json#a")
    assert not marks.is_read("http://y/feed.json#b")
    assert ReadMarks(path).is_read("http://y/feed.json#a")  # saved
