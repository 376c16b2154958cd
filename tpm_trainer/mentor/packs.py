"""Rubric packs: a folder or `.zip` holding `pack.yaml` (name, author, version, licence), `rubrics/` and
optionally `questions/`, installed into the user's data folder, which the bank then reads by default.

Installing validates everything first (the manifest, every file as `rubrics check` does, the calibration
examples) and refuses unsafe archives: absolute paths, `..`, links, too many files or too many bytes.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import Field

from ..bank_loader import _load_file
from ..models import Slug, StrictModel
from ..paths import user_pack_dir
from ..sources import Sources
from .check import CheckResult, check
from .findings import Finding

MANIFEST = "pack.yaml"
MAX_PACK_FILES = 2_000
MAX_PACK_BYTES = 20_000_000
MAX_PACK_FILE_BYTES = 1_000_000
PACK_FOLDERS = ("rubrics", "questions")


class PackManifest(StrictModel):
    """`pack.yaml`: what a rubric pack is and who made it."""

    name: Slug
    """Identifier of the pack, lower-case with dashes; it names the installed folder."""
    author: str = Field(min_length=1)
    """Who wrote the pack (a person or a team)."""
    version: str = Field(min_length=1, max_length=40)
    """The pack's version, e.g. `1.2`; bump it when you share a changed pack."""
    licence: str = Field(min_length=1)
    """Under which terms others may use the pack, e.g. `CC-BY-4.0` or `internal use only`."""
    description: str = ""
    """One or two sentences on what the pack covers."""


class PackError(ValueError):
    """A pack that cannot be installed; the message says why (and where)."""


@dataclass
class InstallResult:
    manifest: PackManifest
    destination: dict[str, Path] = field(default_factory=dict)
    replaced: bool = False
    check: CheckResult = field(default_factory=CheckResult)


def _safe_member(name: str) -> PurePosixPath | None:
    """The member's relative path, or None when it is absolute or climbs out with `..`."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return None
    path = PurePosixPath(name.replace("\\", "/"))
    if any(part == ".." for part in path.parts):
        return None
    return path


def _extract_zip(archive: Path, target: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            if len(members) > MAX_PACK_FILES:
                raise PackError(f"{archive}: {len(members):,} files; a pack holds at most {MAX_PACK_FILES:,}")
            total = 0
            for member in members:
                relative = _safe_member(member.filename)
                if relative is None:
                    raise PackError(f"{archive}: refused `{member.filename}`: a pack may not write outside its folder")
                if stat.S_ISLNK(member.external_attr >> 16):
                    raise PackError(f"{archive}: refused `{member.filename}`: links are not allowed in a pack")
                if member.is_dir():
                    continue
                if member.file_size > MAX_PACK_FILE_BYTES:
                    raise PackError(
                        f"{archive}: `{member.filename}` is {member.file_size:,} bytes; limit {MAX_PACK_FILE_BYTES:,}"
                    )
                total += member.file_size
                if total > MAX_PACK_BYTES:
                    raise PackError(f"{archive}: more than {MAX_PACK_BYTES:,} bytes unpacked")
                destination = target.joinpath(*relative.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(member) as source, destination.open("wb") as sink:
                    data = source.read(MAX_PACK_FILE_BYTES + 1)  # the declared size may lie
                    if len(data) > MAX_PACK_FILE_BYTES:
                        raise PackError(
                            f"{archive}: `{member.filename}` unpacks to more than {MAX_PACK_FILE_BYTES:,} bytes"
                        )
                    sink.write(data)
    except zipfile.BadZipFile:
        raise PackError(f"{archive}: not a zip archive") from None


def _copy_folder(folder: Path, target: Path) -> None:
    count = total = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_symlink():
            raise PackError(f"{path}: links are not allowed in a pack")
        if path.is_dir():
            continue
        count += 1
        size = path.stat().st_size
        total += size
        if count > MAX_PACK_FILES or total > MAX_PACK_BYTES or size > MAX_PACK_FILE_BYTES:
            raise PackError(
                f"{path}: the pack is too large (at most {MAX_PACK_FILES:,} files, {MAX_PACK_BYTES:,} bytes)"
            )
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def _pack_root(unpacked: Path, origin: Path) -> Path:
    """The folder holding `pack.yaml`: the top, or a single folder inside it (as zipping a folder makes)."""
    if (unpacked / MANIFEST).is_file():
        return unpacked
    entries = [entry for entry in unpacked.iterdir() if not entry.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and (entries[0] / MANIFEST).is_file():
        return entries[0]
    raise PackError(f"{origin}: no `{MANIFEST}` manifest (name, author, version, licence) at the top of the pack")


def read_manifest(root: Path, origin: Path) -> PackManifest:
    manifest, problems = _load_file(root / MANIFEST, PackManifest)
    if problems or not isinstance(manifest, PackManifest):
        shown = "; ".join(str(problem).replace(str(root), str(origin)) for problem in problems)
        raise PackError(shown or f"{origin}: unreadable `{MANIFEST}`")
    return manifest


def unpack(pack: Path, work: Path) -> Path:
    """Copy or extract the pack into `work`, safely; returns the folder holding `pack.yaml`."""
    if not pack.exists():
        raise PackError(f"{pack}: no such file or folder")
    work.mkdir(parents=True, exist_ok=True)
    if pack.is_dir():
        _copy_folder(pack, work)
    elif pack.suffix.lower() == ".zip":
        _extract_zip(pack, work)
    else:
        raise PackError(f"{pack}: a pack is a folder or a .zip file")
    return _pack_root(work, pack)


def install_pack(pack: Path, sources: Sources) -> InstallResult:
    """Validate `pack` completely, then copy its folders into the user's pack folders."""
    with tempfile.TemporaryDirectory(prefix="tpm-pack-") as scratch:
        root = unpack(pack, Path(scratch) / "pack")
        manifest = read_manifest(root, pack)
        folders = [root / name for name in PACK_FOLDERS if (root / name).is_dir()]
        if not (root / "rubrics").is_dir():
            raise PackError(f"{pack}: the pack has no `rubrics/` folder")
        result = InstallResult(manifest)
        result.check = check(_without_pack(sources, manifest.name), folders)
        result.check.findings = [_relocated(finding, root, pack) for finding in result.check.findings]
        if result.check.errors or result.check.failures:
            return result
        for name in PACK_FOLDERS:
            destination = user_pack_dir(name) / manifest.name
            if not (root / name).is_dir():
                shutil.rmtree(destination, ignore_errors=True)  # an earlier version's folder the new one dropped
                continue
            result.replaced = result.replaced or destination.exists()
            staging = destination.with_name(f".{manifest.name}.installing")
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(root / name, staging)
            shutil.rmtree(destination, ignore_errors=True)
            staging.rename(destination)
            result.destination[name] = destination
    return result


def _without_pack(sources: Sources, name: str) -> Sources:
    """The sources without an installed copy of pack `name` (it is being replaced, not duplicated)."""
    installed = {(user_pack_dir(kind) / name).resolve() for kind in PACK_FOLDERS}

    def keep(folders: tuple[Path, ...]) -> tuple[Path, ...]:
        return tuple(folder for folder in folders if folder.resolve() not in installed)

    return Sources(keep(sources.question_dirs), keep(sources.rubric_dirs), keep(sources.mentor_rubric_dirs))


def _relocated(finding: Finding, root: Path, pack: Path) -> Finding:
    """Name files inside the pack as the mentor knows them (not the scratch folder)."""
    try:
        relative = finding.file.resolve().relative_to(root.resolve())
    except ValueError:
        return finding
    return Finding(
        pack / relative,
        finding.message,
        finding.field,
        finding.line,
        finding.column,
        finding.severity,
        finding.suggestion,
        finding.choices,
    )
