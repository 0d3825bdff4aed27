"""Build Fengwang for the platform this runs on.

    python installer/build.py [--dist DIR] [--work DIR] [--no-packages]

- Everywhere: the one-folder bundle DIST/fengwang/ (installer/fengwang.spec), checked by running
  its `fengwang-cli --version`.
- Windows, with Inno Setup 6 installed: DIST/Fengwang-Setup-<version>.exe (installer/fengwang.iss).
- Linux: DIST/fengwang-<version>-linux-<machine>.tar.gz (the bundle, a .desktop launcher and
  install.sh), and DIST/fengwang_<version>_<arch>.deb where dpkg-deb is present.

The version comes from one place, desktop.__version__. Exit 0 when everything asked for was
built; 1 when a step failed; 2 when PyInstaller is missing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import __version__  # noqa: E402 (the checkout's, not an installed one)

SPEC = ROOT / "installer" / "fengwang.spec"
ISS = ROOT / "installer" / "fengwang.iss"
LINUX = ROOT / "installer" / "linux"
EXE = ".exe" if sys.platform == "win32" else ""
# What Qt's xcb platform plugin needs beyond a minimal desktop (the README's list), for the .deb.
DEB_DEPENDS = (
    "libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, "
    "libxcb-xkb1, libxkbcommon-x11-0, libxcb-shape0, libxcb-xinerama0, libegl1, libfontconfig1, "
    "libglib2.0-0"
)


class BuildFailed(Exception):
    pass


def build_bundle(dist: Path, work: Path) -> Path:
    """Run PyInstaller; the bundle folder, checked to start."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        str(SPEC),
    ]
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise BuildFailed("PyInstaller failed (its messages are above)")
    bundle = dist / "fengwang"
    cli = bundle / f"fengwang-cli{EXE}"
    done = subprocess.run([str(cli), "--version"], capture_output=True, text=True)
    if done.returncode != 0 or __version__ not in done.stdout:
        raise BuildFailed(
            f"the bundle's fengwang-cli --version answered {done.stdout!r} {done.stderr!r}"
        )
    return bundle


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for variable in ("ProgramFiles(x86)", "ProgramFiles"):
        base = os.environ.get(variable)
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def windows_installer(bundle: Path, dist: Path) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 (ISCC.exe) not found: the installer was not built", file=sys.stderr)
        return None
    command = [
        str(iscc),
        f"/DAppVersion={__version__}",
        f"/DSourceDir={bundle.resolve()}",
        f"/DOutputDir={dist.resolve()}",
        str(ISS),
    ]
    if subprocess.run(command, cwd=ROOT / "installer").returncode != 0:
        raise BuildFailed("Inno Setup failed (its messages are above)")
    return dist / f"Fengwang-Setup-{__version__}.exe"


def linux_archive(bundle: Path, dist: Path) -> Path:
    """The bundle with its launcher template and install.sh, as fengwang-<version>/ in a .tar.gz."""
    name = f"fengwang-{__version__}-linux-{platform.machine()}"
    out = dist / f"{name}.tar.gz"
    top = f"fengwang-{__version__}"
    partial = out.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=top)
        archive.add(LINUX / "fengwang.desktop", arcname=f"{top}/fengwang.desktop")
        archive.add(LINUX / "install.sh", arcname=f"{top}/install.sh")
    partial.replace(out)
    return out


def debian_package(bundle: Path, dist: Path) -> Path | None:
    """A .deb installing into /opt/fengwang with a menu launcher and /usr/bin commands."""
    if shutil.which("dpkg-deb") is None or shutil.which("dpkg") is None:
        print("dpkg-deb not found: no .deb was built", file=sys.stderr)
        return None
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = dist / f"fengwang_{__version__}_{arch}.deb"
    with tempfile.TemporaryDirectory(dir=dist) as folder:
        root = Path(folder)
        shutil.copytree(bundle, root / "opt" / "fengwang", symlinks=True)
        applications = root / "usr" / "share" / "applications"
        applications.mkdir(parents=True)
        launcher = (LINUX / "fengwang.desktop").read_text(encoding="utf-8")
        (applications / "fengwang.desktop").write_text(
            launcher.replace("@PREFIX@", "/opt/fengwang"), encoding="utf-8"
        )
        commands = root / "usr" / "bin"
        commands.mkdir(parents=True)
        for name in ("fengwang", "fengwang-cli"):
            (commands / name).symlink_to(f"/opt/fengwang/{name}")
        size_kb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) // 1024
        control = root / "DEBIAN" / "control"
        control.parent.mkdir()
        control.write_text(
            f"Package: fengwang\n"
            f"Version: {__version__}\n"
            f"Architecture: {arch}\n"
            f"Maintainer: Fengwang <dev@fengwang.invalid>\n"
            f"Installed-Size: {size_kb}\n"
            f"Depends: {DEB_DEPENDS}\n"
            f"Section: misc\n"
            f"Priority: optional\n"
            f"Description: 枫网 乡镇综治中心工作台 (township governance workstation)\n"
            f" Grid rosters, dispute cases, monthly assessment of grid workers, printed papers\n"
            f" and workbook exchange with the county, offline.\n",
            encoding="utf-8",
        )
        command = ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(out)]
        if subprocess.run(command, stdout=subprocess.DEVNULL).returncode != 0:
            raise BuildFailed("dpkg-deb failed (its messages are above)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Fengwang bundle and its installer")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder"
    )
    parser.add_argument(
        "--no-packages", action="store_true", help="the bundle only: no installer or archives"
    )
    args = parser.parse_args(argv)
    try:
        import psycopg  # noqa: F401  (the bundle's PostgreSQL driver)
        import PyInstaller  # noqa: F401
    except ImportError as err:
        print(f"{err.name} is missing: pip install -e '.[build]'", file=sys.stderr)
        return 2
    dist = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    try:
        bundle = build_bundle(dist, args.work.resolve())
        made = [bundle]
        if not args.no_packages:
            if sys.platform == "win32":
                made.append(windows_installer(bundle, dist))
            elif sys.platform.startswith("linux"):
                made += [linux_archive(bundle, dist), debian_package(bundle, dist)]
    except (BuildFailed, OSError, subprocess.CalledProcessError) as err:
        print(f"build failed: {err}", file=sys.stderr)
        return 1
    for path in made:
        if path is not None:
            print(f"built {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
