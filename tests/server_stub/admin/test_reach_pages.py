"""Reach page, fleet page, CSV exports, roles, the list's reach line and the 확인 요청 checkbox,
plus the receipts modes (anonymous, off) and retention with an injected clock."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from server_stub.app import create_app
from server_stub.config import ServerConfig
from tests.server_stub.admin.conftest import (
    ADMIN_PASSWORD,
    PUBLISHER_PASSWORD,
    Browser,
    notice_form,
)

REACH_NUMBER = re.compile(r'data-reach="(\w+)">(\d+)<')


def publish(app, clock, **fields):
    data = {"title": "한파 대비 비상근무 안내", "ends_at": (clock.now + timedelta(days=2)).isoformat()}
    data.update(fields)
    return app.state.deps.service.create(data, actor="test")


def report(client: TestClient, notice_id: str, kinds, clock, audiences=("총무과",),
           pc: dict | None = None) -> dict:
    pc = pc or {"id": str(uuid.uuid4()), "user": "kim", "host": "JJ-PC-1",
                "version": "1.4.0", "platform": "Windows-10", "audiences": list(audiences)}
    events = [{"event_id": str(uuid.uuid4()), "notice_id": notice_id, "type": kind,
               "at": clock.now.isoformat()} for kind in kinds]
    response = client.post("/api/v1/receipts", json={"client": pc, "events": events})
    assert response.status_code == 202, response.text
    return pc


def reach_numbers(html: str) -> dict[str, int]:
    return {kind: int(n) for kind, n in REACH_NUMBER.findall(html)}


def read_csv(response) -> list[list[str]]:
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads Korean right
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_reach_page_counts_percentages_departments_and_pending(app, admin, clock):
    notice = publish(app, clock, ack_required=True, priority="urgent")
    acked = report(admin.client, notice.id, ["shown", "opened", "acknowledged"], clock)
    pending = report(admin.client, notice.id, ["shown"], clock, audiences=["건설과"],
                     pc={"id": str(uuid.uuid4()), "user": "lee", "host": "JJ-PC-2",
                         "audiences": ["건설과"]})
    report(admin.client, notice.id, [], clock, audiences=["건설과"])  # heartbeat only
    page = admin.get(f"/admin/notices/{notice.id}/reach")
    assert page.status_code == 200
    assert reach_numbers(page.text) == {"shown": 2, "opened": 1, "acknowledged": 1}
    assert "활성 PC 3대 중 67%" in page.text and "활성 PC 3대 중 33%" in page.text
    departments = page.text.split('id="reach-departments"')[1].split("</table>")[0]
    assert "총무과" in departments and "건설과" in departments
    pending_table = page.text.split('id="reach-pending"')[1].split("</table>")[0]
    assert pending["id"] in pending_table and "lee" in pending_table
    assert acked["id"] not in pending_table
    assert '<meta http-equiv="refresh"' in page.text  # refreshes without JavaScript too
    assert "/admin/static/reach.js" in page.text


def test_reach_page_only_counts_pcs_that_may_see_the_notice(app, admin, clock):
    notice = publish(app, clock, audience=["건설과"], ack_required=True)
    report(admin.client, notice.id, [], clock, audiences=["총무과"])  # may not see it
    builder = report(admin.client, notice.id, ["shown"], clock, audiences=["건설과"])
    page = admin.get(f"/admin/notices/{notice.id}/reach").text
    assert "활성 PC 1대 중 100%" in page
    assert builder["id"] in page.split('id="reach-pending"')[1]


def test_active_means_seen_in_the_last_24_hours(app, admin, clock):
    notice = publish(app, clock, ack_required=True)
    report(admin.client, notice.id, ["shown"], clock)
    clock.advance(hours=25)
    report(admin.client, notice.id, [], clock)
    assert admin.login("admin1", ADMIN_PASSWORD).status_code == 303  # the session expired
    page = admin.get(f"/admin/notices/{notice.id}/reach").text
    assert reach_numbers(page)["shown"] == 1  # the count keeps the older PC
    assert "활성 PC 1대 중 0%" in page  # the percentage is of the PCs active now


def test_notice_list_shows_reach_line(app, admin, clock):
    ack = publish(app, clock, title="확인 필요", ack_required=True)
    plain = publish(app, clock, title="일반")
    report(admin.client, ack.id, ["shown", "acknowledged"], clock)
    report(admin.client, plain.id, ["shown", "opened"], clock)
    page = admin.get("/admin/notices").text
    lines = dict(re.findall(r'/admin/notices/([\w-]+)/reach" data-reach-summary>([^<]*)<', page))
    assert lines[ack.id] == "도달 1 · 열람 0 · 확인 1/2"
    assert lines[plain.id] == "도달 1/2 · 열람 1"
    english = admin.get("/admin/notices?lang=en").text
    assert "Shown 1 · opened 0 · acknowledged 1/2" in english


def test_reach_csv_has_bom_summary_and_pending(app, publisher, clock):
    notice = publish(app, clock, ack_required=True)
    report(publisher.client, notice.id, ["shown"], clock,
           pc={"id": str(uuid.uuid4()), "user": "=cmd|' /C calc'!A0", "host": "PC-9",
               "audiences": ["총무과"]})
    response = publisher.get(f"/admin/notices/{notice.id}/reach.csv")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = read_csv(response)
    assert rows[0][:2] == ["알림", notice.id]
    assert rows[2] == ["부서", "대상 PC(활성)", "도달", "열람", "확인"]
    assert rows[3] == ["전체", "1", "1", "0", "0"]
    assert ["아직 확인하지 않은 PC"] in rows
    assert rows[-1][0].startswith("'=")  # no formula runs in Excel


def test_fleet_page_and_csv_are_for_admins_only(app, admin, publisher, clock):
    report(admin.client, "n-none", [], clock)
    stale = report(admin.client, "n-none", [], clock, audiences=["건설과"])
    clock.advance(days=8)
    report(admin.client, "n-none", [], clock)
    assert admin.login("admin1", ADMIN_PASSWORD).status_code == 303
    assert publisher.login("pub1", PUBLISHER_PASSWORD).status_code == 303
    page = admin.get("/admin/fleet")
    assert page.status_code == 200
    numbers = dict(re.findall(r'data-fleet="(\w+)">([\d,]+)<', page.text))
    assert numbers == {"online": "1", "today": "1", "active": "1", "total": "3"}
    assert stale["id"] in page.text.split('id="fleet-stale"')[1]
    assert "1.4.0" in page.text and "Windows-10" in page.text
    assert 'href="/admin/fleet"' in page.text  # nav link
    rows = read_csv(admin.get("/admin/fleet.csv"))
    assert rows[0][0] == "PC ID" and len(rows) == 4
    assert publisher.get("/admin/fleet").status_code == 403
    assert publisher.get("/admin/fleet.csv").status_code == 403
    assert 'href="/admin/fleet"' not in publisher.get("/admin/notices").text


def test_reach_pages_need_sign_in_and_an_existing_notice(app, anon, admin, clock):
    notice = publish(app, clock)
    for path in (f"/admin/notices/{notice.id}/reach", f"/admin/notices/{notice.id}/reach.csv",
                 "/admin/fleet", "/admin/fleet.csv"):
        response = anon.get(path)
        assert response.status_code == 303 and "/admin/login" in response.headers["location"]
    assert admin.get("/admin/notices/n-missing/reach").status_code == 404
    assert admin.get("/admin/notices/n-missing/reach.csv").status_code == 404


def test_form_checkbox_sets_ack_required(app, admin):
    created = admin.post("/admin/notices/new", notice_form(ack_required="1"))
    assert created.status_code == 303
    (notice,), _ = app.state.deps.service.list()
    assert notice.ack_required is True
    edit = admin.get(f"/admin/notices/{notice.id}/edit").text
    assert "확인 요청" in edit and re.search(r'id="ack_required"[^>]*checked', edit)
    admin.post(f"/admin/notices/{notice.id}/edit", notice_form())  # box left unticked
    assert app.state.deps.service.get(notice.id).ack_required is False


@pytest.fixture
def make_app(tmp_path, clock, database_url):
    def make(**config):
        application = create_app(ServerConfig(data_dir=tmp_path / "data", clock=clock,
                                              database_url=database_url, **config))
        if application.state.deps.users.verify("admin1", ADMIN_PASSWORD) is None:
            application.state.deps.users.add("admin1", "admin", ADMIN_PASSWORD)
        return application
    return make


def test_anonymous_mode_stores_no_names_and_forgets_old_ones(make_app, clock, tmp_path):
    identified = make_app()
    notice = publish(identified, clock)
    with TestClient(identified) as client:
        named = report(client, notice.id, ["shown"], clock)
    identified.state.deps.engine.dispose()

    anonymous = make_app(receipts="anonymous")
    with TestClient(anonymous) as client:
        browser = Browser(client)
        assert browser.login("admin1", ADMIN_PASSWORD).status_code == 303
        feed = client.get("/feed.json").json()
        assert feed["_ticker"]["receipts"]["identify"] is False
        report(client, notice.id, ["shown"], clock)  # sends user and host anyway
        rows = read_csv(browser.get("/admin/fleet.csv"))
    assert len(rows) == 3 and named["id"] in {r[0] for r in rows}
    assert all(r[1] == "" and r[2] == "" for r in rows[1:])  # no user, no host stored


def test_off_mode_has_no_receipts_key_and_refuses_posts(make_app, clock):
    app = make_app(receipts="off")
    notice = publish(app, clock)
    with TestClient(app) as client:
        assert "receipts" not in client.get("/feed.json").json().get("_ticker", {})
        response = client.post("/api/v1/receipts", json={"client": {"id": str(uuid.uuid4())},
                                                         "events": []})
        assert response.status_code == 404 and response.json()["code"] == "receipts_off"
        assert client.get("/feed.json").json()["items"][0]["id"] == notice.id


def test_retention_deletes_old_receipts_and_pcs(make_app, clock):
    app = make_app(receipt_retention_days=30)
    notice = publish(app, clock, ack_required=True)
    with TestClient(app) as client:
        report(client, notice.id, ["shown"], clock)
        clock.advance(days=29)
        fresh = report(client, notice.id, ["shown"], clock)
        clock.advance(days=2)
        assert app.state.deps.receipts.prune() == (1, 1)  # 31 days old: gone
        assert app.state.deps.receipts.prune() == (0, 0)
        browser = Browser(client)
        assert browser.login("admin1", ADMIN_PASSWORD).status_code == 303
        page = browser.get(f"/admin/notices/{notice.id}/reach").text
        assert reach_numbers(page)["shown"] == 1
        assert [r[0] for r in read_csv(browser.get("/admin/fleet.csv"))[1:]] == [fresh["id"]]


def test_server_start_runs_retention(make_app, clock):
    """The daily task also runs when the server starts: a restart after a long pause prunes."""
    app = make_app()
    notice = publish(app, clock, ack_required=True)
    with TestClient(app) as client:
        pc = report(client, notice.id, ["shown", "acknowledged"], clock)
    app.state.deps.engine.dispose()
    clock.advance(days=181)
    restarted = make_app()
    with TestClient(restarted) as client:
        browser = Browser(client)
        assert browser.login("admin1", ADMIN_PASSWORD).status_code == 303
        page = browser.get(f"/admin/notices/{notice.id}/reach").text
        fleet = browser.get("/admin/fleet.csv").content.decode("utf-8-sig")
    assert reach_numbers(page) == {"shown": 0, "opened": 0, "acknowledged": 0}
    assert pc["id"] not in fleet
