"""Writing a publication: the whole folder or nothing, and the files' content hashes.

A publication is several files that vouch for each other (the manifest names the others' hashes), so
it is written as a whole folder beside the target and swapped in with one rename: on Linux,
`renameat2(RENAME_EXCHANGE)` exchanges the two folders atomically, so the target always holds one
whole publication, the old one or the new one, whenever the process dies. (Where the file system
cannot exchange, the old folder is renamed aside first: between that rename and the next there is
no folder at all, never a mix.) Whatever a killed publish left beside the target (its staged folder,
or the old one it had swapped out) is removed by the next publish; nothing is ever left inside it.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_STAGED = ".publish-"  # `.<folder>.publish-<random>`: a folder being written, or swapped out


class PublishRefused(ValueError):
    """Nothing was published; the message says why."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_target(out_dir: Path, names: set[str]) -> None:
    """The folder must be new, empty, or an earlier publication: it is replaced as a whole, so a
    folder holding anything else (someone's own files) is refused rather than swept away."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PublishRefused(f"{out_dir} is a file, not a folder")
    if out_dir.is_dir():
        others = sorted(p.name for p in out_dir.iterdir() if p.name not in names)
        if others:
            shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            raise PublishRefused(f"{out_dir} holds files that are not part of a firpath publication ({shown}): "
                                 "it would be replaced as a whole; publish to a new or empty folder")  # fmt: skip


def write_folder(out_dir: Path, contents: Mapping[str, bytes]) -> None:
    """Make `out_dir` hold exactly `contents` (file name -> bytes), in one step (see the module)."""
    out_dir = Path(out_dir)
    check_target(out_dir, set(contents))
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    staged = parent / f".{out_dir.name}{_STAGED}{secrets.token_hex(6)}"
    staged.mkdir()
    for name, data in contents.items():
        with (staged / name).open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    _fsync_folder(staged)
    if out_dir.exists():
        _swap(staged, out_dir)  # `staged` now holds the old publication
        _fsync_folder(parent)
        shutil.rmtree(staged)
    else:
        os.rename(staged, out_dir)
    _fsync_folder(parent)


def remove_leftovers(out_dir: Path) -> None:
    """What killed publishes left beside `out_dir`: their staged folders and swapped-out old ones."""
    prefix = f".{out_dir.name}{_STAGED}"
    for path in out_dir.parent.glob(f"{prefix}*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)


def _swap(staged: Path, out_dir: Path) -> None:
    """Exchange the two folders in one step; where the system cannot, rename the old one aside first."""
    if _exchange(staged, out_dir):
        return
    aside = out_dir.parent / f".{out_dir.name}{_STAGED}{secrets.token_hex(6)}"
    os.rename(out_dir, aside)
    os.rename(staged, out_dir)
    os.rename(aside, staged)


def _exchange(first: Path, second: Path) -> bool:
    """renameat2(RENAME_EXCHANGE); False when this system or file system does not offer it."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _fsync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
