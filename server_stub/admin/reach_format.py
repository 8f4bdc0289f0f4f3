"""Text and CSV for the reach and fleet pages. Pure (standard library only).

CSV files are UTF-8 with a byte order mark so that Excel opens Korean text correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from server_stub.zone import HOME_ZONE

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def number(value: int) -> str:
    return f"{value:,}"


def local_time(moment: datetime | None) -> str:
    return moment.astimezone(HOME_ZONE).strftime("%Y-%m-%d %H:%M") if moment else ""


def list_summary(t: Callable[..., str], shown: int, opened: int, acknowledged: int,
                 eligible: int, ack_required: bool) -> str:
    """The notice list's line, e.g. "도달 812 · 열람 120 · 확인 640/1,380"."""
    if ack_required:
        return t("reach.summary_ack", shown=number(shown), opened=number(opened),
                 acknowledged=number(acknowledged), eligible=number(eligible))
    return t("reach.summary", shown=number(shown), opened=number(opened),
             eligible=number(eligible))


def _cell(value: object) -> str:
    """A spreadsheet cannot be made to run a formula from a user or host name."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def reach_rows(t: Callable[..., str], reach) -> list[list[object]]:
    """The reach page as rows: summary, departments, then PCs that have not acknowledged."""
    notice = reach.notice
    kinds = ("shown", "opened", "acknowledged")
    rows: list[list[object]] = [
        [t("reach.csv_notice"), notice.id, notice.title],
        [],
        [t("reach.department"), t("reach.eligible")] + [t(f"reach.{k}") for k in kinds],
        [t("reach.total"), reach.eligible] + [reach.counts[k] for k in kinds],
    ]
    for dept in reach.departments:
        rows.append([dept.department or t("reach.no_department"), dept.eligible]
                    + [dept.counts[k] for k in kinds])
    if notice.ack_required:
        rows += [[], [t("reach.pending_title")],
                 [t("reach.user"), t("reach.host"), t("reach.department"), t("reach.last_seen"),
                  t("reach.client_id")]]
        for pc in reach.pending:
            rows.append([pc.user or "", pc.host or "", pc.department, local_time(pc.last_seen),
                         pc.id])
    return rows


def fleet_rows(t: Callable[..., str], clients) -> list[list[object]]:
    rows: list[list[object]] = [[t("reach.client_id"), t("reach.user"), t("reach.host"),
                                 t("fleet.version"), t("fleet.platform"), t("reach.department"),
                                 t("fleet.audiences"), t("fleet.first_seen"),
                                 t("reach.last_seen")]]
    for pc in clients:
        rows.append([pc.id, pc.user or "", pc.host or "", pc.version or "", pc.platform or "",
                     pc.department, ", ".join(pc.audiences), local_time(pc.first_seen),
                     local_time(pc.last_seen)])
    return rows
