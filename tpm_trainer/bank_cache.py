"""A cache of the validated bank, so commands start fast when no file has changed.

The cache is keyed by every source file's path, size and modification time (the concept lexicon's too), and by the code that
validates them; any change re-reads and re-validates everything. A cache that cannot be read or
written is ignored: the bank is then loaded from the files as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Sequence
from pathlib import Path

from platformdirs import user_cache_path

from . import __version__
from . import lexicon as concept_lexicon
from .bank import YAML_SUFFIXES, Bank, load_bank

_PACKAGE = Path(__file__).resolve().parent
# Modules whose changes alter what a loaded bank contains.
_CODE_FILES = ("models.py", "bank.py", "bank_loader.py", "lexicon.py", "scoring/phrases.py", "scoring/text.py")
CACHE_FORMAT = 1


def _walk(folder: Path) -> list[tuple[str, int, int]]:
    entries: list[tuple[str, int, int]] = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as iterator:
                for entry in iterator:
                    if entry.is_dir(follow_symlinks=True):
                        stack.append(entry.path)
                    elif entry.name.endswith(YAML_SUFFIXES):
                        info = entry.stat()
                        entries.append((entry.path, info.st_size, info.st_mtime_ns))
        except OSError:
            entries.append((current, -1, -1))
    return sorted(entries)


def fingerprint(
    question_dirs: Iterable[Path], rubric_dirs: Iterable[Path], mentor_rubric_dirs: Iterable[Path]
) -> tuple[object, ...]:
    code = []
    for name in _CODE_FILES:
        try:
            info = (_PACKAGE / name).stat()
            code.append((name, info.st_size, info.st_mtime_ns))
        except OSError:
            code.append((name, -1, -1))
    layers = tuple(
        tuple((str(folder), tuple(_walk(folder))) for folder in folders)
        for folders in (question_dirs, rubric_dirs, mentor_rubric_dirs)
    )
    # The shipped concept lexicon lives outside the rubric folders (a rubric folder's own `lexicon/`
    # sub-folder is already part of its walk above).
    lexicon_folder = concept_lexicon.shipped_lexicon_dir()
    lexicon = (str(lexicon_folder), tuple(_walk(lexicon_folder)))
    return (CACHE_FORMAT, __version__, tuple(code), layers, lexicon)


def cache_dir() -> Path:
    return user_cache_path("tpm-trainer", appauthor=False)


def load_bank_cached(
    question_dirs: Sequence[Path], rubric_dirs: Sequence[Path], mentor_rubric_dirs: Sequence[Path] = ()
) -> Bank:
    """Like `load_bank`, but reuses the last validated result when no file has changed."""
    key = fingerprint(question_dirs, rubric_dirs, mentor_rubric_dirs)
    folders = [[str(folder) for folder in layer] for layer in (question_dirs, rubric_dirs, mentor_rubric_dirs)]
    name = hashlib.sha256(repr(folders).encode()).hexdigest()[:16]  # one cache file per set of folders
    path = cache_dir() / f"bank-{name}.pickle"
    try:
        stored_key, bank = pickle.loads(path.read_bytes())
        if stored_key == key and isinstance(bank, Bank):
            return bank
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass
    bank = load_bank(question_dirs, rubric_dirs, mentor_rubric_dirs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps((key, bank), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError:
        pass
    return bank
