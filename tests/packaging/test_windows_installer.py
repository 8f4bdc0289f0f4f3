"""The Inno Setup script cannot be compiled here; these checks pin what can be checked on
Linux: it writes the site file exactly where the ticker reads it on Windows (platformdirs
with the same arguments as ticker/settings_files.py), with key names and types from the
settings declaration, escaped so the ticker's loader reads back what IT typed."""

from __future__ import annotations

import re
import tomllib
from pathlib import PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from tests.packaging.conftest import ROOT
from ticker.settings import SETTINGS_BY_NAME
from ticker.settings_files import default_paths, load_settings

ISS = ROOT / "packaging" / "windows" / "notice-ticker.iss"
WIN_FOLDERS = {"CSIDL_COMMON_APPDATA": r"C:\ProgramData",
               "CSIDL_LOCAL_APPDATA": r"C:\Users\kim\AppData\Local",
               "CSIDL_APPDATA": r"C:\Users\kim\AppData\Roaming"}


@pytest.fixture(scope="module")
def iss() -> str:
    return ISS.read_text(encoding="utf-8")


def code(iss: str) -> str:
    return iss[iss.index("[Code]"):]


def pascal_function(iss: str, name: str) -> str:
    start = re.search(rf"^(function|procedure) {name}\b", iss, re.M).start()
    end = re.search(r"^end;", iss[start:], re.M).end()
    return iss[start:start + end]


def test_site_file_is_where_the_ticker_reads_it_on_windows(iss, monkeypatch):
    # the ticker's own default_paths(), computed as on Windows
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", WIN_FOLDERS.__getitem__)
    site_file = PureWindowsPath(str(default_paths().site_file))
    assert str(site_file).lower() == r"c:\programdata\notice-ticker\ticker.toml"
    written = re.search(r"ExpandConstant\('(\{commonappdata\}[^']*ticker\.toml)'\)",
                        pascal_function(iss, "ConfigPath")).group(1)
    expanded = PureWindowsPath(written.replace("{commonappdata}", WIN_FOLDERS["CSIDL_COMMON_APPDATA"]))
    assert str(expanded).lower() == str(site_file).lower()
    # uninstall removes that same file and its directory
    assert f'Name: "{written}"' in iss
    assert 'Name: "{commonappdata}\\notice-ticker"' in iss


def test_written_keys_are_declared_settings_with_the_right_types(iss):
    body = pascal_function(iss, "WriteSiteConfig")
    keys = re.findall(r"Lines\[N\] := '([a-z_]+) = ([^;]*)", body)
    assert {k for k, _ in keys} == {"autostart", "feeds", "audience", "locked"}
    for key, value in keys:
        setting = SETTINGS_BY_NAME[key]
        if value.startswith("' + TomlList"):
            assert setting.type is list, key
        elif value.startswith("true") or value.startswith("false"):
            assert setting.type is bool, key
        else:  # a literal TOML value
            literal = tomllib.loads(f"{key} = {value.rstrip(chr(39))}")[key]
            assert isinstance(literal, list) and all(n in SETTINGS_BY_NAME for n in literal)


def pascal_toml_string(iss: str):
    """TomlString as the script defines it: its StringChangeEx replacements, in order."""
    body = pascal_function(iss, "TomlString")
    pairs = re.findall(r"StringChangeEx\(R, '((?:[^']|'')*)', '((?:[^']|'')*)', True\)", body)
    assert pairs, "TomlString no longer escapes anything"

    def convert(text: str) -> str:
        for old, new in pairs:
            text = text.replace(old.replace("''", "'"), new.replace("''", "'"))
        return '"' + text + '"'
    return convert


def toml_list(convert, comma_list: str) -> str:  # TomlList: split on commas, trim, drop empty
    return "[" + ", ".join(convert(i.strip()) for i in comma_list.split(",") if i.strip()) + "]"


def test_installer_toml_reads_back_exactly(iss, tmp_path):
    convert = pascal_toml_string(iss)
    feeds = r'https://notice.example.go.kr/feed.json?a="b"\c, http://10.0.0.5:8080/feed.json'
    audience = '총무과, 민원과 ,, "따옴표" 팀'
    site = tmp_path / "ticker.toml"
    site.write_text("\n".join([
        "autostart = true",
        "feeds = " + toml_list(convert, feeds),
        "audience = " + toml_list(convert, audience),
        'locked = ["feeds", "audience"]']) + "\n", encoding="utf-8")
    result = load_settings(site, tmp_path / "user.toml", None, {})
    assert result.errors == []
    assert list(result.settings.feeds) == [
        'https://notice.example.go.kr/feed.json?a="b"\\c', "http://10.0.0.5:8080/feed.json"]
    assert list(result.settings.audience) == ["총무과", "민원과", '"따옴표" 팀']
    assert result.locked == frozenset({"feeds", "audience"})


def test_a_bad_feed_url_stops_setup_before_installing(iss):
    init = pascal_function(iss, "InitializeSetup")
    assert "AllHttp(FeedUrl)" in init and "Result := False" in init
    assert "http://" in pascal_function(iss, "AllHttp")


def strip_pascal(src: str) -> str:
    """Strings become '' and comments go, in one left-to-right pass (as the compiler reads)."""
    return re.sub(r"'(?:[^']|'')*'|\{[^}]*\}|\(\*.*?\*\)|//[^\n]*",
                  lambda m: "''" if m.group(0).startswith("'") else " ", src, flags=re.S)


def test_pascal_blocks_are_balanced(iss):
    src = strip_pascal(code(iss))
    opens = len(re.findall(r"\b(begin|case)\b", src, re.I))
    assert opens == len(re.findall(r"\bend\b", src, re.I))
    assert src.count("(") == src.count(")")
    for name in re.findall(r"^function (\w+)", src, re.M):
        assert "Result :=" in pascal_function(iss, name), name
    # no statement separator directly before else (a Pascal syntax error)
    assert not re.search(r";\s*else\b", src)


def test_per_machine_install_with_all_users_autostart_and_clean_uninstall(iss):
    assert re.search(r"^PrivilegesRequired=admin$", iss, re.M)
    assert re.search(r"^DefaultDirName=\{autopf\}", iss, re.M)
    run = re.search(r"^Root: HKLM; Subkey: \"Software\\Microsoft\\Windows\\CurrentVersion\\Run\";"
                    r".*$\n.*$", iss, re.M).group(0)
    assert 'ValueName: "NoticeTicker"' in run and "uninsdeletevalue" in run
    assert 'ValueData: """{app}\\{#AppExe}"" --from-autostart"' in run
    assert "Tasks: autostart" in run and re.search(r'^Name: "autostart"', iss, re.M)
    assert "taskkill.exe" in iss  # running bars are stopped before files are removed
