"""ticker.settings_cli: flags generated from the declaration, bilingual --help."""


from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from ticker.settings import SETTINGS, Setting
from ticker.settings_cli import add_cli_arguments, cli_values_from_args, help_text
from ticker.settings_files import load_settings

ROOT = Path(__file__).resolve().parents[2]


def load(cli):
    return load_settings(None, None, None, cli)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="notice-ticker")
    add_cli_arguments(parser)
    return cli_values_from_args(parser.parse_args(argv))


def test_cli_flags_are_generated_from_the_declaration():
    values = parse_args([
        "--feed", "http://a/f.json", "--feed", "https://b/rss", "--poll-interval", "30", "--font-size", "14",
        "--no-reduced-motion", "--allow-quit", "--screen", "1", "--position", "top", "--categories", "event,issue",
        "--audience", "총무과,민원과", "--label", "완산구", "--language", "en", "--long-poll-wait", "20",
    ])
    assert values == {
        "feeds": ["http://a/f.json", "https://b/rss"], "poll_interval": 30, "font_size": 14,
        "reduced_motion": False, "allow_quit": True, "screen": "1", "position": "top",
        "categories": ["event", "issue"], "audience": ["총무과", "민원과"], "label": "완산구", "language": "en",
        "long_poll_wait": 20,
    }
    assert load(cli=values).errors == []


def test_cli_without_flags_gives_no_values():
    assert parse_args([]) == {}


def test_every_cli_setting_has_a_flag_and_locked_has_none():
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    flags = parser._option_string_actions
    for setting in SETTINGS:
        assert (setting.flag in flags) == setting.cli
        if setting.type is bool and setting.cli:
            assert "--no-" + setting.flag[2:] in flags
    assert "--locked" not in flags and "--feed" in flags


def test_cli_rejects_wrong_choices_and_types(capsys):
    for argv in (["--position", "left"], ["--poll-interval", "soon"]):
        with pytest.raises(SystemExit):
            parse_args(argv)
    capsys.readouterr()


def test_cli_range_errors_are_load_errors():
    result = load(cli=parse_args(["--poll-interval", "3"]))
    assert result.settings.poll_interval == 60 and "poll_interval" in str(result.errors[0])


def test_help_is_korean_then_english_from_the_translation():
    parser = argparse.ArgumentParser(prog="notice-ticker")
    add_cli_arguments(parser)
    text = " ".join(parser.format_help().split())  # argparse wraps at the terminal width
    assert "피드를 확인하는 간격(초). / Seconds between feed checks. [10–86400]" in text
    assert "--feed URL 공지 피드 주소 목록 (http/https). 여러 개를 쓸 수 있습니다. / Notice feed URLs" in text


def test_help_text_escapes_percent_and_adds_the_range():
    setting = Setting("x", int, 1, "100% 확실", minimum=0, maximum=5)
    assert help_text(setting) == "100%% 확실 [0–5]"
    assert help_text(setting, lambda context, text: "Sure") == "100%% 확실 / Sure [0–5]"


def test_the_parser_keeps_its_own_help_formatter():
    parser = argparse.ArgumentParser(formatter_class=argparse.RawDescriptionHelpFormatter)
    add_cli_arguments(parser)
    assert issubclass(parser.formatter_class, argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--other", help="그대로 / as is")
    assert "그대로 / as is" in parser.format_help()


def test_parsing_flags_never_loads_qt():
    code = ("import argparse, sys\n"
            "from ticker.settings_cli import add_cli_arguments, cli_values_from_args\n"
            "parser = argparse.ArgumentParser()\nadd_cli_arguments(parser)\n"
            "assert cli_values_from_args(parser.parse_args(['--speed', '90'])) == {'speed': 90}\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
