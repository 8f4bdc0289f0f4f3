"""How audit entries read on the page: local time, a translated action, changed fields."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from server_stub.audit_log import AuditFilter
from server_stub.zone import HOME_ZONE

PAGE_SIZE = 100
ACTION_GROUPS = {
    "user.": ("사용자 관련 전체", "all user changes"),
    "token.": ("API 토큰 관련 전체", "all API token changes"),
    "department.": ("부서 관련 전체", "all department changes"),
}
VALUE_MAX = 60
ACTION_LABELS = {
    "create": ("작성", "created"),
    "update": ("수정", "changed"),
    "publish": ("게시", "published"),
    "archive": ("보관", "archived"),
    "delete": ("삭제", "deleted"),
    "user.add": ("사용자 추가", "user added"),
    "user.disable": ("사용자 사용 중지", "user disabled"),
    "user.enable": ("사용자 다시 사용", "user enabled"),
    "user.password": ("비밀번호 재설정", "password reset"),
    "token.create": ("API 토큰 생성", "API token created"),
    "token.revoke": ("API 토큰 폐기", "API token revoked"),
    "department.add": ("부서 추가", "department added"),
    "department.update": ("부서 변경", "department changed"),
    "department.delete": ("부서 삭제", "department deleted"),
}


def local_time(value: str | datetime | None, tz: ZoneInfo = HOME_ZONE) -> str:
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


NOTICE_ACTIONS = ("create", "update", "publish", "archive", "delete")
ENUM_FIELDS = ("category", "priority", "visibility", "status")
TIME_FIELDS = ("starts_at", "ends_at")


def _short(value: object, field: str = "", t: Callable[..., str] | None = None) -> str:
    """A changed value as a short readable text: labels for codes, Seoul time for instants."""
    if value is None:
        return "—"
    if t is not None and field in ENUM_FIELDS and isinstance(value, str):
        label = t(f"{field}.{value}")
        return label if label != f"{field}.{value}" else value
    if field in TIME_FIELDS and isinstance(value, str):
        try:
            return local_time(value)[:16]
        except ValueError:
            pass
    if t is not None and field == "audience" and value == []:
        return t("audience.everyone")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


def action_label(action: str, lang: str) -> str:
    pair = ACTION_LABELS.get(action)
    return (pair[1] if lang == "en" else pair[0]) if pair else action


def entry_row(entry, t: Callable[..., str], lang: str, tz: ZoneInfo = HOME_ZONE) -> dict:
    """One table row in the page's language."""
    changes = []
    for name, pair in (entry.changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        key = f"field.{name}"
        label = t(key)
        changes.append({"field": name, "label": label if label != key else name,
                        "old": _short(old, name, t), "new": _short(new, name, t)})
    target = entry.target or ""
    return {
        "at": local_time(entry.at, tz),
        "actor": entry.actor,
        "action": entry.action,
        "action_label": action_label(entry.action, lang),
        "target": target,
        "notice_link": entry.action in NOTICE_ACTIONS and entry.action != "delete",
        "changes": changes,
    }


def filters_from_query(params: Mapping[str, str]) -> tuple[AuditFilter, int | None]:
    """The page's filters and its ``before`` id; anything unknown or malformed is dropped."""
    def text(name: str, limit: int) -> str:
        return " ".join(str(params.get(name) or "").split())[:limit]

    action = text("action", 40)
    if action not in ACTION_LABELS and action not in ACTION_GROUPS:
        action = ""
    raw_before = text("before", 20)
    before = int(raw_before) if raw_before.isascii() and raw_before.isdigit() \
        and len(raw_before) <= 15 else None
    return AuditFilter(actor=text("actor", 64), action=action, target=text("target", 200)), before


def page_url(filters: AuditFilter, before: int | None) -> str:
    params = {"actor": filters.actor, "action": filters.action, "target": filters.target,
              "before": str(before) if before else ""}
    query = urlencode({k: v for k, v in params.items() if v})
    return "/admin/audit" + (f"?{query}" if query else "")


def action_choices(lang: str) -> list[tuple[str, str]]:
    """(value, label) for the "what" filter: groups first, then each action."""
    pick = 1 if lang == "en" else 0
    return ([(k, v[pick]) for k, v in ACTION_GROUPS.items()]
            + [(k, v[pick]) for k, v in ACTION_LABELS.items()])
