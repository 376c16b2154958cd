"""A cache of the validated bank, so commands start fast when no file has changed.

The cache holds data, never code: the bank is stored as JSON through the pydantic models and
validated again when read (`bank_cache_codec.py`), so a planted file can at worst be ignored. In front
of it is the question list of `tpm-trainer questions` (`question_list.py`) as plain JSON, checked field
by field when read: a listing from a fresh cache needs neither pydantic nor the models. It lives in a folder of the
user's cache directory that only the user can enter (0700); the folder and each file are opened
without following links and checked (a regular file owned by the user, writable by nobody else, the
expected format, the key of the current sources and a checksum of the contents) before use. Any
surprise means the bank is loaded from the files instead. Old cache files are pruned on every rebuild.

The key covers every input that changes the result: each source file's path, size and times (folders
walked by `walk.py`, so links are followed once and loops skipped), the lexicon folder, the code that
reads and validates, and the versions of the package, pydantic and Python. Computing it imports
neither pydantic nor the models.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import __version__
from .paths import shipped_dir, user_cache_dir
from .question_list import QuestionList
from .walk import YAML_SUFFIXES, walk_files

if TYPE_CHECKING:
    from .bank import Bank

T = TypeVar("T")


_PACKAGE = Path(__file__).resolve().parent
# Every module of the package but the interface: whichever of them reads, validates or expands the
# files (models, loader, lexicon, phrase checks ...), a change to it must rebuild the cache.
_INTERFACE = ("app",)
CACHE_FORMAT = 5
"""Bumped whenever the layout of a cache file changes; files of another format are ignored."""
KEEP_FILES = 8
"""Cache files kept (the most recently used); one per set of source folders."""
MAX_AGE_DAYS = 30
"""Cache files not used for this long are removed."""
MAX_CACHE_BYTES = 64_000_000
"""A cache file larger than this is not read."""
_ABANDONED_TEMPORARY_SECONDS = 3600
# Every file operation below is relative to the checked folder's descriptor and never follows links.
_SECURE = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "getuid")
    and {os.open, os.stat, os.unlink, os.rename, os.utime} <= os.supports_dir_fd
    and {os.stat, os.utime} <= os.supports_follow_symlinks
    and os.listdir in os.supports_fd
)


def _debug(message: str, reason: object) -> None:
    """A debug note of why the cache was not used or written (logging is imported only then: importing
    it costs a tenth of a listing from a fresh cache)."""
    import logging

    logging.getLogger(__name__).debug(message, reason)


def cache_dir() -> Path:
    """The folder holding the bank cache (created 0700 on first write)."""
    return user_cache_dir()


def load_bank(*layers: Iterable[Path]) -> Bank:
    """Read and validate the bank from its files (`bank.load_bank`, imported only when the cache cannot
    answer)."""
    from .bank import load_bank as read_files

    return read_files(*layers)


# ------------------------------------------------------------------------------------------------
# The key: everything that changes what `load_bank` returns
# ------------------------------------------------------------------------------------------------


def _file_facts(path: Path) -> tuple[str, int, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1, -1)
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _pydantic_version() -> str:
    """What identifies the installed pydantic: a digest of its `version.py` (which sets `VERSION`), read
    without importing pydantic, which costs more than the rest of a listing; `pydantic.VERSION` when
    the file cannot be read."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            return hashlib.sha256(Path(folder, "version.py").read_bytes()).hexdigest()
        except OSError:
            continue
    import pydantic

    return pydantic.VERSION


def _code_files() -> list[Path]:
    walk = walk_files(_PACKAGE, (".py",))
    return [path for path in walk.files if path.relative_to(_PACKAGE).parts[0] not in _INTERFACE]


def _folder_facts(folder: Path, suffixes: tuple[str, ...] | None) -> dict[str, object]:
    walk = walk_files(folder, suffixes)
    return {
        "folder": str(folder),
        "is_dir": folder.is_dir(),
        "files": [_file_facts(path) for path in walk.files],
        "skipped": [str(item.path) for item in walk.skipped],
        "unreadable": [str(path) for path, _ in walk.unreadable],
    }


def fingerprint(
    question_dirs: Iterable[Path],
    rubric_dirs: Iterable[Path],
    mentor_rubric_dirs: Iterable[Path] = (),
    trusted_rubric_dirs: Iterable[Path] = (),
) -> str:
    """A digest of every input of `load_bank` for these folders: any change gives another digest."""
    facts = {
        "format": CACHE_FORMAT,
        "package": __version__,
        "pydantic": _pydantic_version(),
        "python": sys.version,
        "code": [_file_facts(path) for path in _code_files()],
        "lexicon": _folder_facts(shipped_dir("lexicon"), None),
        "layers": [
            [_folder_facts(Path(folder), YAML_SUFFIXES) for folder in folders]
            for folders in (question_dirs, rubric_dirs, mentor_rubric_dirs)
        ],
        "trusted": [str(folder) for folder in trusted_rubric_dirs],
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def cache_file_name(
    question_dirs: Iterable[Path],
    rubric_dirs: Iterable[Path],
    mentor_rubric_dirs: Iterable[Path] = (),
    trusted_rubric_dirs: Iterable[Path] = (),
) -> str:
    """The cache file for this set of folders (one file per set, replaced when anything changes)."""
    layers = (question_dirs, rubric_dirs, mentor_rubric_dirs, trusted_rubric_dirs)
    folders = [[str(folder) for folder in layer] for layer in layers]
    return f"bank-{hashlib.sha256(json.dumps(folders).encode()).hexdigest()[:16]}.json"


# ------------------------------------------------------------------------------------------------
# The folder and its files: opened without following links, checked before use
# ------------------------------------------------------------------------------------------------


class _Refused(Exception):
    """The cache folder or a cache file is not safe to use."""


def _check_owned(info: os.stat_result, what: str) -> None:
    if info.st_uid != os.getuid():
        raise _Refused(f"{what} is owned by another user (uid {info.st_uid})")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise _Refused(f"{what} is writable by other users (mode {stat.S_IMODE(info.st_mode):o})")


@contextmanager
def _open_folder(create: bool) -> Iterator[int]:
    """A descriptor of the cache folder, checked: a real folder (not a link), the user's, 0700."""
    folder = cache_dir()
    if create:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            os.mkdir(folder, 0o700)
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(folder, flags)
    except OSError as error:  # ELOOP: a link; ENOTDIR: not a folder; ENOENT: nothing cached yet
        raise _Refused(f"cannot open cache folder {folder}: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISDIR(info.st_mode):
            raise _Refused(f"{folder} is not a folder")
        _check_owned(info, f"cache folder {folder}")
        if stat.S_IMODE(info.st_mode) & 0o077:  # an older version created it 0755: tighten it
            os.fchmod(descriptor, 0o700)
        yield descriptor
    finally:
        os.close(descriptor)


def _read_checked(folder: int, name: str) -> bytes:
    """The bytes of cache file `name`, if it is a regular file of the user's that no one else can write."""
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except FileNotFoundError:
        raise _Refused("nothing cached yet") from None
    except OSError as error:
        raise _Refused(f"cannot open cache file {name}: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(f"cache file {name} is not a regular file")
        _check_owned(info, f"cache file {name}")
        if info.st_size > MAX_CACHE_BYTES:
            raise _Refused(f"cache file {name} is too large ({info.st_size:,} bytes)")
        return file.read(MAX_CACHE_BYTES + 1)


def _body_start(data: bytes, key: str) -> int:
    """Where the body of a cache file's bytes starts, once its header line (format, key, checksum of the
    body) is checked. The body: the question list as one line of JSON, then the bank's lines
    (`bank_cache_codec`). Offsets, not slices: a slice would copy megabytes."""
    end = data.find(b"\n")
    try:
        header = json.loads(data[:end]) if end >= 0 else None
    except ValueError:
        header = None
    if not isinstance(header, dict):
        raise _Refused("the cache file has no readable header")
    if header.get("format") != CACHE_FORMAT:
        raise _Refused("the cache file has another format")
    if header.get("key") != key:
        raise _Refused("the sources or the code changed since the cache was written")
    if header.get("sha256") != hashlib.sha256(memoryview(data)[end + 1 :]).hexdigest():
        raise _Refused("the cache file's checksum does not match its contents")
    return end + 1


def _list_end(data: bytes, start: int) -> int:
    end = data.find(b"\n", start)
    return len(data) if end < 0 else end


def _read_list(data: bytes, start: int) -> QuestionList:
    try:
        return QuestionList.from_json(json.loads(data[start : _list_end(data, start)]))
    except ValueError as error:
        raise _Refused(f"the cached question list is unreadable ({error})") from None


def _decode_list(data: bytes, key: str) -> QuestionList:
    """The question list in a cache file's bytes (no pydantic, no models)."""
    return _read_list(data, _body_start(data, key))


def _decode(data: bytes, key: str) -> Bank:
    """The bank in a cache file's bytes; questions are validated now, each rubric when first used."""
    from .bank_cache_codec import decode_bank

    start = _body_start(data, key)
    _read_list(data, start)  # checked too: a cache that cannot answer `questions` is rebuilt
    try:
        return decode_bank(data[_list_end(data, start) + 1 :])
    except ValueError as error:
        raise _Refused(str(error)) from None


def _encode(bank: Bank, key: str) -> bytes:
    from .bank_cache_codec import encode_bank

    question_list = json.dumps(QuestionList.of(bank).to_json()).encode()  # JSON escapes newlines: one line
    body = question_list + b"\n" + encode_bank(bank)
    header = {"format": CACHE_FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def _write(folder: int, name: str, data: bytes) -> None:
    """Write `data` to a new private file beside `name`, then rename it over `name` in one step."""
    import secrets

    temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    descriptor = os.open(temporary, flags, 0o600, dir_fd=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise


def prune(folder: int, keep: str = "", now: float | None = None) -> list[str]:
    """Remove stale cache files: every old-format pickle, abandoned temporaries, bank files beyond the
    `KEEP_FILES` most recently used or unused for `MAX_AGE_DAYS`. `keep` is never removed. Returns the
    names removed."""
    now = time.time() if now is None else now
    banks: list[tuple[float, str]] = []
    doomed: list[str] = []
    for name in os.listdir(folder):
        try:
            info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except OSError:
            continue
        if name == keep or not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
            continue
        if (
            name.startswith("bank-")
            and name.endswith(".pickle")
            or name.endswith(".tmp")
            and now - info.st_mtime > _ABANDONED_TEMPORARY_SECONDS
        ):  # format 1 could run code: never kept
            doomed.append(name)
        elif name.startswith("bank-") and name.endswith(".json"):
            banks.append((info.st_mtime, name))
    banks.sort(reverse=True)
    for position, (modified, name) in enumerate(banks):
        if position >= KEEP_FILES - (1 if keep else 0) or now - modified > MAX_AGE_DAYS * 86400:
            doomed.append(name)
    removed = []
    for name in doomed:
        try:
            os.unlink(name, dir_fd=folder)
            removed.append(name)
        except OSError:
            pass
    return removed


def clean_cache() -> list[str]:
    """Prune the cache folder now (for `doctor`): the names removed; nothing when it is not safe to use."""
    if not _SECURE:
        return []
    try:
        with _open_folder(create=False) as folder:
            return prune(folder)
    except (_Refused, OSError) as error:
        _debug("bank cache not cleaned: %s", error)
        return []


# ------------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------------


def _from_cache(layers: tuple[tuple[Path, ...], ...], key: str, decode: Callable[[bytes, str], T]) -> T | None:
    """What `decode` makes of the cache file of these folders (then marked recently used, so `prune`
    keeps it); None, with a debug note, when that file is missing, unsafe, stale or unreadable."""
    try:
        with _open_folder(create=False) as folder:
            name = cache_file_name(*layers)
            decoded = decode(_read_checked(folder, name), key)
            with suppress(OSError):
                os.utime(name, dir_fd=folder, follow_symlinks=False)
            return decoded
    except (_Refused, OSError) as reason:
        _debug("bank cache not used: %s", reason)
    return None


def load_bank_cached(
    question_dirs: Iterable[Path],
    rubric_dirs: Iterable[Path],
    mentor_rubric_dirs: Iterable[Path] = (),
    trusted_rubric_dirs: Iterable[Path] = (),
) -> Bank:
    """Like `load_bank`, but reuses the last validated result when no input has changed.

    Never raises for a cache problem: an unsafe, stale or unreadable cache is ignored (with a debug
    note) and the bank is read from the files.
    """
    layers = (tuple(question_dirs), tuple(rubric_dirs), tuple(mentor_rubric_dirs), tuple(trusted_rubric_dirs))
    if not _SECURE:  # no way to open files without following links here: do without a cache
        return load_bank(*layers)
    key = fingerprint(*layers)
    cached = _from_cache(layers, key, _decode)
    if cached is not None:
        return cached
    bank = load_bank(*layers)
    try:
        with _open_folder(create=True) as folder:
            name = cache_file_name(*layers)
            _write(folder, name, _encode(bank, key))
            prune(folder, keep=name)
    except (_Refused, OSError) as error:
        _debug("bank cache not written: %s", error)
    return bank


def cached_question_list(
    question_dirs: Iterable[Path],
    rubric_dirs: Iterable[Path],
    mentor_rubric_dirs: Iterable[Path] = (),
    trusted_rubric_dirs: Iterable[Path] = (),
) -> QuestionList | None:
    """The question list of the bank `load_bank_cached` would return, when its cache is fresh: read
    with the same checks (folder, file, key, checksum) but without pydantic, the models or validating
    the bank. None when the cache cannot answer: then load the bank, which rebuilds the cache."""
    layers = (tuple(question_dirs), tuple(rubric_dirs), tuple(mentor_rubric_dirs), tuple(trusted_rubric_dirs))
    if not _SECURE:
        return None
    return _from_cache(layers, fingerprint(*layers), _decode_list)
