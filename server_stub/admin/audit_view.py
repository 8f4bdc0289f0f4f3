"""How audit entries read on the page: local time, a translated action, changed fields."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from server_stub.admin.forms import SEOUL

PAGE_SIZE = 500
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


def local_time(value: str | datetime | None) -> str:
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S")


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


def entry_row(entry, t: Callable[..., str], lang: str) -> dict:
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
        "at": local_time(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "action_label": action_label(entry.action, lang),
        "target": target,
        "notice_link": entry.action in NOTICE_ACTIONS and entry.action != "delete",
        "changes": changes,
    }
