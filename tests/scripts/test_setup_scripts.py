"""scripts/_python.sh, system-deps.sh and demo.sh, run in a sandbox.

The scripts run under bash with PATH (and HOME) pointing at a folder of stub programs: fake
interpreters that report a version, a fake ``id`` (root or not), a fake ``dpkg-query`` (what
is installed) and recording ``apt-get``/``sudo``. Nothing is installed on the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
BASH = shutil.which("bash") or "/bin/bash"


class Sandbox:
    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.home = root / "home"
        self.log = root / "calls.log"
        self.bin.mkdir()
        self.home.mkdir()
        for tool in ("bash", "grep", "dirname", "uname", "cat"):  # real helpers the scripts use
            os.symlink(shutil.which(tool), self.bin / tool)

    def stub(self, name: str, body: str, where: Path | None = None) -> Path:
        path = (where or self.bin) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
        return path

    def python(self, name: str, version: str, where: Path | None = None,
               has_venv: bool = True) -> Path:
        venv_check = "" if has_venv else 'case "$2" in *ensurepip*) exit 1;; esac\n'
        return self.stub(name, f'{venv_check}echo {version}', where)

    def user(self, uid: int) -> None:
        self.stub("id", f"echo {uid}")

    def installed(self, *packages: str) -> None:
        wanted = " ".join(packages)
        self.stub("dpkg-query", 'for a; do last="$a"; done\n'
                                f'for p in {wanted}; do [ "$p" = "$last" ] && '
                                '{ printf "install ok installed"; exit 0; }; done; exit 1')

    def recording(self, name: str, then: str = "") -> None:
        self.stub(name, f'echo "{name} $*" >> {self.log}\n{then}')

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def run(self, script: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([BASH, "-c", script], capture_output=True, text=True, timeout=60,
                              cwd=REPO, env={"PATH": str(self.bin), "HOME": str(self.home),
                                             **(env or {})})


@pytest.fixture
def box(tmp_path) -> Sandbox:
    return Sandbox(tmp_path)


def find(box: Sandbox, env: dict | None = None) -> subprocess.CompletedProcess:
    return box.run(f"source {SCRIPTS}/_python.sh; find_python", env)


# -- the Python finder --------------------------------------------------------------------
def test_an_old_python_is_refused_with_what_to_install(box):
    box.python("python3", "3.10")
    result = find(box)
    assert result.returncode == 1
    assert "Python 3.11 or newer is needed" in result.stderr
    assert "sudo apt install python3 python3-venv" in result.stderr


def test_debian_12s_python_311_is_accepted(box):
    box.python("python3", "3.11")
    assert find(box).stdout.strip() == str(box.bin / "python3")


def test_312_is_preferred_over_311_and_311_over_an_old_python3(box):
    box.python("python3", "3.9")
    box.python("python3.11", "3.11")
    assert find(box).stdout.strip() == str(box.bin / "python3.11")
    box.python("python3.12", "3.12")
    assert find(box).stdout.strip() == str(box.bin / "python3.12")


def test_notice_python_and_pyenv_are_looked_at(box):
    box.python("python3", "3.10")
    pyenv = box.python("python3", "3.11", box.home / ".pyenv/versions/3.11.7/bin")
    assert find(box).stdout.strip() == str(pyenv)
    chosen = box.python("mypython", "3.13", box.home / "opt")
    assert find(box, {"NOTICE_PYTHON": str(chosen)}).stdout.strip() == str(chosen)


def test_a_python_without_venv_asks_for_python3_venv(box):
    py = box.python("python3", "3.11", has_venv=False)
    box.user(1000)
    box.installed()
    result = box.run(f"source {SCRIPTS}/_python.sh; ensure_venv_module {py}")
    assert result.returncode == 3
    assert "apt-get install -y --no-install-recommends python3-venv" in result.stderr


# -- system packages ----------------------------------------------------------------------
def test_without_root_or_sudo_the_exact_command_is_printed(box):
    box.user(1000)
    box.installed("fonts-noto-cjk", "tzdata")
    box.recording("apt-get")
    result = box.run(f"bash {SCRIPTS}/system-deps.sh --runtime")
    assert result.returncode == 3
    command = next(line for line in result.stderr.splitlines() if "apt-get install" in line)
    assert "libxcb-icccm4" in command and "libxcb-keysyms1" in command
    assert "fonts-noto-cjk" not in command  # installed already
    assert "xvfb" not in command and "chromium" not in command  # runtime only
    assert box.calls() == []  # nothing was attempted


def test_as_root_the_missing_runtime_packages_are_installed(box):
    box.user(0)
    box.installed("libxcb-icccm4")
    box.recording("apt-get")
    result = box.run(f"bash {SCRIPTS}/system-deps.sh --runtime")
    assert result.returncode == 0, result.stderr
    update, install = box.calls()
    assert update == "apt-get update -q"
    assert install.startswith("apt-get install -y --no-install-recommends")
    assert "libxcb-keysyms1" in install and "libxcb-icccm4" not in install


def test_with_sudo_it_installs_through_sudo(box):
    box.user(1000)
    box.installed()
    box.recording("sudo")
    result = box.run(f"bash {SCRIPTS}/system-deps.sh --runtime")
    assert result.returncode == 0, result.stderr
    assert box.calls()[-1].startswith("sudo apt-get install -y")


def test_nothing_missing_nothing_done(box):
    box.user(1000)
    packages = box.run(f"bash {SCRIPTS}/system-deps.sh --runtime --print")
    assert packages.returncode == 0
    box.installed(*packages.stdout.split())
    box.recording("apt-get")
    assert box.run(f"bash {SCRIPTS}/system-deps.sh --runtime").returncode == 0
    assert box.calls() == []


def test_demo_stops_before_installing_anything_when_it_cannot_get_the_libraries(box):
    box.user(1000)
    box.installed()
    box.python("python3", "3.11")
    result = box.run(f"bash {SCRIPTS}/demo.sh")
    assert result.returncode == 3
    assert "apt-get install" in result.stderr and "libxcb-icccm4" in result.stderr
    assert "pip" not in result.stderr


# -- the runtime list covers what Qt's xcb plugin loads -----------------------------------
@pytest.mark.skipif(not shutil.which("dpkg") or not shutil.which("ldd")
                    or not shutil.which("apt-cache"), reason="Debian tools needed")
def test_runtime_packages_cover_the_xcb_plugins_libraries():
    import PySide6

    qt_dir = Path(PySide6.__file__).parent
    plugin = qt_dir / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    lines = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    paths = [line.split("=>")[1].split()[0] for line in lines if "=> /" in line]
    needed = set()
    for path in paths:
        if path.startswith(str(qt_dir)):
            continue  # shipped inside the wheel
        for candidate in (path, "/usr" + path, path.removeprefix("/usr")):
            found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if found.returncode == 0:
                needed.add(found.stdout.split(":")[0])
                break
        else:
            pytest.fail(f"no package owns {path}")
    runtime = subprocess.run([BASH, str(SCRIPTS / "system-deps.sh"), "--runtime", "--print"],
                             capture_output=True, text=True, env={**os.environ,
                             "PATH": "/nonexistent-so-that-dpkg-query-fails"},
                             executable=BASH)
    listed = set(runtime.stdout.split())
    assert "libxcb-icccm4" in listed and "libxcb-keysyms1" in listed
    closure = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
         "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *sorted(listed)],
        capture_output=True, text=True, check=True).stdout
    pulled = {line.split(":")[0] for line in closure.splitlines() if not line.startswith(" ")}
    assert needed - pulled - listed == set()
