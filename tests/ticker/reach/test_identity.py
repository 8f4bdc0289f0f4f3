"""Client identity: a UUID4 kept in the data dir; identify=false drops user and host."""

from __future__ import annotations

import uuid

from ticker.reach.identity import CLIENT_ID_FILE, load_client_id, make_identity


def test_client_id_is_made_once_and_kept(tmp_path):
    first = load_client_id(tmp_path)
    assert uuid.UUID(first).version == 4
    assert (tmp_path / CLIENT_ID_FILE).read_text().strip() == first
    assert load_client_id(tmp_path) == first
    assert not list(tmp_path.glob(".*tmp"))  # the atomic write left no temp file


def test_a_corrupted_id_file_is_replaced_and_logged(tmp_path, caplog):
    (tmp_path / CLIENT_ID_FILE).write_bytes(b"\xff\xfe garbage")
    replaced = load_client_id(tmp_path)
    assert uuid.UUID(replaced).version == 4
    assert load_client_id(tmp_path) == replaced
    assert any("client id file" in r.getMessage() for r in caplog.records)
    (tmp_path / CLIENT_ID_FILE).write_text("not-a-uuid\n")
    assert load_client_id(tmp_path) != replaced


def test_identify_false_sends_no_user_or_host(tmp_path):
    identity = make_identity(tmp_path, "0.1.0", ["총무과", "민원과"])
    named = identity.payload(True)
    anonymous = identity.payload(False)
    assert set(named) == {"id", "user", "host", "version", "platform", "audiences"}
    assert named["host"] and named["platform"] and named["version"] == "0.1.0"
    assert set(anonymous) == {"id", "version", "platform", "audiences"}
    assert anonymous["audiences"] == ["총무과", "민원과"] and anonymous["id"] == named["id"]


def test_audiences_are_trimmed_to_what_the_server_accepts(tmp_path):
    from server_stub.receipts_validation import validate_batch

    names = [f"전주시 덕진구 {i}번째 부서 이름" for i in range(50)]
    names.insert(3, "가" * 300)  # longer than the server takes
    names.insert(5, "보이지\u200b않는")  # a zero-width space
    identity = make_identity(tmp_path, "0.1.0", names)
    kept = identity.audiences
    assert kept and kept == tuple(n for n in names if len(n) < 300 and "\u200b" not in n)[:len(kept)]
    batch = validate_batch({"client": identity.payload(True), "events": []})
    assert not isinstance(batch, list), batch  # the server takes it: no 422 for every batch
    assert list(batch.client.audiences) == list(kept)
