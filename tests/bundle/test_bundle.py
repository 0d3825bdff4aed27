"""The built bundle runs on its own: the programs a clerk and county IT start, the demo, a check,
a printed paper, the self-test, and the Linux archive and package (issue 8)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

from desktop import __version__

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if sys.platform == "win32" else ""
SIZE_LIMIT_MB = 200


def run(program: Path, *args: str, home: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run a bundled program as a clerk would: no source tree or virtualenv on its path, and its
    own user folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        LOCALAPPDATA=str(home / "localappdata"),
        APPDATA=str(home / "appdata"),
    )
    return subprocess.run(
        [str(program), *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def files_in(folder: Path) -> dict[str, int]:
    """Name → size of the files below `folder` (a link to a bundled library is not a copy)."""
    return {
        str(p.relative_to(folder)): p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_one_folder_with_both_programs_and_what_they_need(bundle):
    assert (bundle / f"fengwang{EXE}").is_file()
    assert (bundle / f"fengwang-cli{EXE}").is_file()
    inside = bundle / "_internal"
    assert (inside / "resources" / "fonts" / "DroidSansFallbackFull.ttf").is_file()
    assert (inside / "resources" / "translations" / "fengwang_zh_CN.qm").is_file()
    assert (inside / "resources" / "icons" / "fengwang.png").is_file()
    migrations = {p.name for p in (inside / "desktop" / "migrations" / "versions").glob("0*.py")}
    assert migrations == {
        p.name for p in (ROOT / "desktop" / "migrations" / "versions").glob("0*.py")
    }
    names = "\n".join(files_in(bundle))
    for unwanted in ("QtWebEngine", "Qt6Quick", "pytest", "hypothesis", "opengl32sw"):
        assert unwanted not in names, f"{unwanted} was bundled"
    size_mb = sum(files_in(bundle).values()) / 1e6
    assert size_mb <= SIZE_LIMIT_MB, f"the bundle is {size_mb:.0f} MB"


# What a Linux desktop brings itself: the C library, the graphics stack and the X/Wayland client
# libraries (the README lists the xcb packages to install).
SYSTEM_LIBRARIES = (
    "ld-linux*",
    "libc.so*",
    "libdl.so*",
    "libm.so*",
    "libpthread.so*",
    "libresolv.so*",
    "librt.so*",
    "libEGL.so*",
    "libGL.so*",
    "libOpenGL.so*",
    "libdrm.so*",
    "libwayland-*",
    "libxcb*",
    "libxkbcommon*",
)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None,
    reason="ELF dependencies",
)
def test_every_library_a_bundled_one_needs_is_bundled_or_part_of_the_desktop(bundle):
    """The spec leaves libraries out by name (LEFT_OUT): none of them may be one that a kept
    library still needs, or the program would fail on a clerk's desktop, not here."""
    inside = bundle / "_internal"
    names = {p.name for p in inside.rglob("*")}
    missing = {}
    for path in inside.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True)
        for needed in re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic.stdout):
            if needed not in names and not any(fnmatch(needed, p) for p in SYSTEM_LIBRARIES):
                missing.setdefault(needed, []).append(path.name)
    assert not missing


def test_the_cli_tells_its_version(bundle, home):
    done = run(bundle / f"fengwang-cli{EXE}", "--version", home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"fengwang {__version__}"


def test_demo_check_and_a_paper_write_only_into_the_users_folders(bundle, home):
    before = files_in(bundle)
    cli = bundle / f"fengwang-cli{EXE}"

    made = run(cli, "demo", home=home)  # no --db: the user's data folder
    assert made.returncode == 0, made.stderr
    assert "已生成演示乡镇" in made.stdout
    databases = list(home.rglob("*.sqlite"))
    assert [p.name for p in databases] == ["fengwang.sqlite"]
    assert "Fengwang" in databases[0].parts

    checked = run(cli, "check", home=home)
    assert checked.returncode == 0, checked.stderr
    assert "检查结果：正常" in checked.stdout

    paper = home / "花名册.pdf"
    printed = run(cli, "report", "roster", "-o", str(paper), home=home)
    assert printed.returncode == 0, printed.stderr
    assert paper.read_bytes().startswith(b"%PDF-")
    assert "共" in printed.stdout and "页" in printed.stdout
    assert files_in(bundle) == before, "the bundle folder changed while it ran"


def test_bad_arguments_get_a_line_and_exit_2(bundle, home):
    done = run(bundle / f"fengwang-cli{EXE}", "report", "no-such-paper", "-o", "x.pdf", home=home)
    assert done.returncode == 2
    assert "没有名为“no-such-paper”的报表" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_self_test_opens_the_window_and_makes_a_paper(bundle, home):
    database = home / "demo.sqlite"
    assert (
        run(bundle / f"fengwang-cli{EXE}", "--db", str(database), "demo", home=home).returncode == 0
    )

    done = run(bundle / f"fengwang{EXE}", "--db", str(database), "--self-test", home=home)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ 界面语言：中文" in done.stdout
    assert "✓ 主窗口：已显示，花名册 330 人" in done.stdout
    assert "✓ 报表：花名册 PDF" in done.stdout
    assert done.stdout.strip().endswith("自检通过")


def test_self_test_right_after_install_uses_a_temporary_demo(bundle, home):
    done = run(bundle / f"fengwang{EXE}", "--self-test", home=home)  # no database yet

    assert done.returncode == 0, done.stdout + done.stderr
    assert "改用临时演示库" in done.stdout
    assert not list(home.rglob("*.sqlite")), "the self-test left a database behind"


def test_self_test_fails_on_a_damaged_database(bundle, home):
    damaged = home / "damaged.sqlite"
    damaged.write_bytes(b"not a database " * 100)

    done = run(bundle / f"fengwang{EXE}", "--db", str(damaged), "--self-test", home=home)

    assert done.returncode == 1
    assert "✗ 数据库" in done.stdout
    assert done.stdout.strip().endswith("自检未通过")
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux archive")
def test_linux_archive_installs_upgrades_and_uninstalls_keeping_the_data(dist, home):
    archive = dist / f"fengwang-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(archive) as opened:
        opened.extractall(home / "unpacked", filter="tar")
    unpacked = home / "unpacked" / f"fengwang-{__version__}"
    prefix = home / "programs" / "fengwang"

    def install(*args: str) -> subprocess.CompletedProcess:
        return run(Path("/bin/sh"), str(unpacked / "install.sh"), *args, home=home)

    assert install("--user", "--prefix", str(prefix)).returncode == 0
    launcher = (home / "data" / "applications" / "fengwang.desktop").read_text(encoding="utf-8")
    assert f"Exec={prefix}/fengwang\n" in launcher
    assert "Name[zh_CN]=枫网" in launcher
    assert f"Icon={prefix}/_internal/resources/icons/fengwang.png" in launcher
    command = home / ".local" / "bin" / "fengwang-cli"
    assert run(command, "demo", home=home).returncode == 0
    data = home / "data" / "Fengwang" / "fengwang.sqlite"
    assert data.is_file()

    (prefix / "_internal" / "left-over-from-the-old-version").write_text("x")
    upgraded = install("--user", "--prefix", str(prefix))
    assert upgraded.returncode == 0, upgraded.stderr
    assert not (prefix / "_internal" / "left-over-from-the-old-version").exists()
    assert "正常" in run(command, "check", home=home).stdout

    assert install("--user", "--prefix", str(prefix), "--uninstall").returncode == 0
    assert not prefix.exists()
    assert not command.exists()
    assert data.is_file(), "uninstalling removed the data"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Debian package")
def test_debian_package_installs_into_opt_with_a_launcher(dist):
    packages = list(dist.glob(f"fengwang_{__version__}_*.deb"))
    if not packages:
        pytest.skip("dpkg-deb is not on this machine")
    info = subprocess.run(["dpkg-deb", "--field", str(packages[0])], capture_output=True, text=True)
    assert f"Version: {__version__}" in info.stdout
    assert "libxcb-cursor0" in info.stdout
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(packages[0])], capture_output=True, text=True
    ).stdout
    assert "./opt/fengwang/fengwang-cli" in contents
    assert "./usr/share/applications/fengwang.desktop" in contents
    assert "./usr/bin/fengwang -> /opt/fengwang/fengwang" in contents
    assert "root/root" in contents


@pytest.fixture
def server_url(request):
    """A new database on the PostgreSQL server the tests use (tests/engines.py), if one runs."""
    from tests.engines import PostgresDatabases

    try:
        databases = PostgresDatabases(request.config.getoption("--pg-url"))
    except Exception as err:  # no driver or no server: nothing to try the bundle on
        pytest.skip(f"no PostgreSQL server for the tests: {err}")
    yield databases.new_url()
    databases.finish()


def test_the_bundle_works_on_a_county_server(bundle, home, server_url):
    cli = bundle / f"fengwang-cli{EXE}"
    migrated = run(cli, "--db", server_url, "migrate", home=home)
    assert migrated.returncode == 0, migrated.stderr
    assert "已建立数据库结构" in migrated.stdout
    assert run(cli, "--db", server_url, "demo", home=home).returncode == 0
    assert "检查结果：正常" in run(cli, "--db", server_url, "check", home=home).stdout

    done = run(bundle / f"fengwang{EXE}", "--db", server_url, "--self-test", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "服务器数据库" in done.stdout
