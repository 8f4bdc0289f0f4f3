"""The one set of account rules: user names, passwords, roles and API token names.

Both the admin page and ``notice-server user|token`` check input here, so they can never
disagree again (they did: passwords of 8 vs 10 characters, any Unicode name vs a pattern).
Pure: no web framework, no database. Each check returns a problem code or None; `MESSAGES`
says each code in Korean and English.
"""

from __future__ import annotations

import re
import unicodedata

USER_ROLES = ("admin", "publisher")
TOKEN_ROLES = ("publisher", "admin")
USER_NAME_MIN = 2
USER_NAME_MAX = 64
#: Letters (Hangul too), digits, ``_ . @ -``: a sign-in name without spaces or invisible marks.
USER_NAME = re.compile(rf"^[\w.@-]{{{USER_NAME_MIN},{USER_NAME_MAX}}}$")
PASSWORD_MIN = 10
#: Longer passwords are never fed to the hasher (it would cost CPU for nothing).
PASSWORD_MAX = 1024
TOKEN_NAME_MAX = 100

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "user_name": (
        f"아이디는 글자·숫자·._@- 로 {USER_NAME_MIN}~{USER_NAME_MAX}자여야 합니다 "
        "(공백·제어 문자 불가).",
        f"User names are {USER_NAME_MIN}–{USER_NAME_MAX} letters, digits or . _ @ - "
        "(no spaces or control characters).",
    ),
    "role": ("권한을 선택하세요.", "Choose a role."),
    "password_length": (
        f"비밀번호는 {PASSWORD_MIN}자 이상이어야 합니다.",
        f"Passwords need at least {PASSWORD_MIN} characters.",
    ),
    "password_confirm": ("비밀번호 확인이 일치하지 않습니다.", "The passwords do not match."),
    "token_name": (
        f"이름을 1~{TOKEN_NAME_MAX}자로 입력하세요.",
        f"Enter a name of 1–{TOKEN_NAME_MAX} characters.",
    ),
    "token_name_spaces": (
        "이름의 앞뒤에 공백을 둘 수 없습니다.", "A name must not start or end with spaces.",
    ),
    "control_chars": (
        "보이지 않는 제어 문자(NUL, 방향 제어 문자 등)는 쓸 수 없습니다.",
        "Invisible control characters (NUL, direction overrides, ...) are not allowed.",
    ),
}


def message(code: str, lang: str = "ko") -> str:
    ko, en = MESSAGES[code]
    return en if lang == "en" else ko


def both_languages(code: str) -> str:
    """``Korean / English``, for the command line."""
    ko, en = MESSAGES[code]
    return f"{ko} / {en}"


def normalise_name(name: str) -> str:
    """NFC, so a name typed as decomposed Hangul is the same account as the composed one."""
    return unicodedata.normalize("NFC", name)


def has_control_chars(text: str) -> bool:
    """Control, format (bidi overrides, zero-width), surrogate, private-use, unassigned."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
               for ch in text)


def user_name_problem(name: str) -> str | None:
    return None if USER_NAME.fullmatch(normalise_name(name)) else "user_name"


def role_problem(role: str, roles: tuple[str, ...] = USER_ROLES) -> str | None:
    return None if role in roles else "role"


def password_problem(password: str, confirm: str | None = None) -> str | None:
    """Length first; ``confirm`` (when the form or prompt asked twice) must match."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return "password_length"
    if confirm is not None and password != confirm:
        return "password_confirm"
    return None


def token_name_problem(name: str) -> str | None:
    if not 1 <= len(name) <= TOKEN_NAME_MAX or not name.strip():
        return "token_name"
    if name != name.strip():
        return "token_name_spaces"
    if has_control_chars(name):
        return "control_chars"
    return None
