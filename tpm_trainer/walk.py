"""The one folder walker used to load, check and fingerprint question, rubric and lexicon folders.

Links to folders are followed (a mentor may link a shared folder in), but every folder is entered at
most once by its real path: a link back to a folder being walked (a loop) or to a folder already read
is skipped and reported, so a hostile or careless folder cannot make a command walk for ever.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")
"""The names of question and rubric files."""


@dataclass(frozen=True)
class SkippedFolder:
    """A folder (reached through a link) that the walk did not enter."""

    path: Path
    """Where the link was found."""
    target: Path
    """The real path it leads to."""
    loop: bool
    """True when the target contains the link (a loop: following it would never end)."""

    @property
    def message(self) -> str:
        if self.loop:
            return f"symbolic link loop: leads back to {self.target}, which contains it; not followed"
        return f"folder already read through another path ({self.target}); not read twice"


@dataclass(frozen=True)
class FolderWalk:
    """The files found below one folder, and what the walk skipped or could not read."""

    root: Path
    files: tuple[Path, ...]
    """Matching files, sorted (by path) for a stable load order."""
    skipped: tuple[SkippedFolder, ...] = ()
    unreadable: tuple[tuple[Path, str], ...] = ()
    """(folder, reason) for every folder that could not be listed."""


def walk_files(root: Path, suffixes: tuple[str, ...] | None = None) -> FolderWalk:
    """Every regular file below `root` whose name ends with one of `suffixes` (all files when None).

    Each folder is entered once by its real path; links to folders that are already being walked
    (loops) or were already read are skipped and listed in `FolderWalk.skipped`.
    """
    files: list[Path] = []
    skipped: list[SkippedFolder] = []
    unreadable: list[tuple[Path, str]] = []
    root_real = os.path.realpath(root)
    visited = {root_real}
    # Each entry: a folder to list, and the real paths of the folders it lies inside (itself included).
    stack: list[tuple[str, tuple[str, ...]]] = [(os.fspath(root), (root_real,))]
    while stack:
        current, ancestors = stack.pop()
        try:
            with os.scandir(current) as entries:
                listing = sorted(entries, key=lambda entry: entry.name)  # a stable order on every filesystem
        except OSError as error:
            unreadable.append((Path(current), error.strerror or str(error)))
            continue
        for entry in listing:
            try:
                is_folder = entry.is_dir(follow_symlinks=True)
                is_file = not is_folder and entry.is_file(follow_symlinks=True)
            except OSError as error:
                if error.errno == errno.ELOOP:  # a link that leads to itself
                    skipped.append(SkippedFolder(Path(entry.path), Path(entry.path), loop=True))
                continue  # otherwise a link that cannot be followed (broken, no permission): not a file
            if is_folder:
                real = os.path.realpath(entry.path)
                if real in ancestors or _is_ancestor(real, ancestors[-1]):
                    skipped.append(SkippedFolder(Path(entry.path), Path(real), loop=True))
                elif real in visited:
                    skipped.append(SkippedFolder(Path(entry.path), Path(real), loop=False))
                else:
                    visited.add(real)
                    stack.append((entry.path, (*ancestors, real)))
            elif is_file and (suffixes is None or entry.name.endswith(suffixes)):
                files.append(Path(entry.path))
    return FolderWalk(
        root=root,
        files=tuple(sorted(files)),
        skipped=tuple(sorted(skipped, key=lambda item: item.path)),
        unreadable=tuple(sorted(unreadable)),
    )


def _is_ancestor(folder: str, path: str) -> bool:
    """Whether real path `folder` contains real path `path` (a link to it would loop)."""
    return path.startswith(folder.rstrip(os.sep) + os.sep)
