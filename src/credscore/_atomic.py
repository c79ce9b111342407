"""The one all-or-nothing file writer: a temporary file in the same folder, renamed on success.

Used for the CLI's outputs (:func:`credscore._io.atomic_output`) and the
compiled-database cache (:func:`credscore._engine._write_db`).

The temporary file is created with :func:`os.open` and mode ``0o666`` (or
``0o600`` for private files), so the kernel applies the process umask: the
file gets the mode a plain :func:`open` would give it, and the umask is never
read by setting it (``os.umask`` can only be read by changing it, which races
with other threads creating files). As with :func:`open`, a file written over
keeps its permission bits (a ``chmod 600`` report stays private), and a
symbolic link is followed: the file it names is replaced, the link kept (an
audit found both lost). A hard link is the one thing a rename cannot keep:
the path gets a new file, the other names keep the old one. A device or a
pipe (``/dev/null``, a FIFO) is written as it is, not replaced: what it
receives cannot be taken back, so it is not all-or-nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

__all__ = ["atomic_write"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _create_temp(directory: Path, prefix: str, suffix: str, mode: int) -> tuple[int, str]:
    """Create a new file with a random name in ``directory``; return (fd, path)."""
    for _ in range(100):
        path = os.path.join(directory, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, _FLAGS, mode), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no unused temporary file name in {directory}")  # pragma: no cover


@overload
def atomic_write(
    path: str | os.PathLike[str], mode: Literal["w"] = ..., *, newline: str | None = ..., private: bool = ...,
    prefix: str | None = ..., suffix: str = ..., errors: str = ...,
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(
    path: str | os.PathLike[str], mode: Literal["wb"], *, newline: str | None = ..., private: bool = ...,
    prefix: str | None = ..., suffix: str = ..., errors: str = ...,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_write(
    path: str | os.PathLike[str],
    mode: Literal["w", "wb"] = "w",
    *,
    newline: str | None = None,
    private: bool = False,
    prefix: str | None = None,
    suffix: str = ".part",
    errors: str = "strict",
) -> contextlib.AbstractContextManager[IO[Any]]:
    """Write ``path`` all-or-nothing.

    Yields a file object on a temporary file next to ``path``; when the block
    ends normally the data is flushed to disk and the file renamed over
    ``path`` (:func:`os.replace`). Any exception, KeyboardInterrupt included,
    removes the temporary file and leaves ``path`` as it was.

    Parameters
    ----------
    path : str or PathLike
        The file to write.
    mode : {"w", "wb"}
        Text (UTF-8) or bytes.
    newline : str or None
        As for :func:`open`, text mode only.
    private : bool
        Create the file ``0o600`` (before the umask) instead of ``0o666``.
    prefix, suffix : str
        Name parts of the temporary file; the prefix defaults to ``".<name>."``.
    errors : str
        As for :func:`open`, text mode only: what to do with a character UTF-8 cannot encode (a lone
        surrogate); ``"strict"`` raises.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(folder / "out.txt") as fh:
    ...     _ = fh.write("done\\n")
    >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done\\n', ['out.txt'])
    """
    return _atomic_write(Path(path), mode, newline, private, prefix, suffix, errors)


def _device_or_pipe(target: Path) -> bool:
    """Whether ``target`` exists and is neither a regular file nor a folder (a device, a pipe, a socket)."""
    try:
        kind = os.stat(target).st_mode
    except OSError:  # no such file (yet), or not to be looked at: the rename will say
        return False
    return not stat.S_ISREG(kind) and not stat.S_ISDIR(kind)


def _write_in_place(target: Path, mode: str, newline: str | None, errors: str) -> Iterator[IO[Any]]:
    """Open ``target`` (a device or a pipe) and yield it: no temporary file, nothing renamed."""
    if mode == "wb":
        with open(target, "wb") as raw:
            yield raw
    else:
        with open(target, "w", encoding="utf-8", newline=newline, errors=errors) as text:
            yield text


@contextlib.contextmanager
def _atomic_write(
    target: Path, mode: str, newline: str | None, private: bool, prefix: str | None, suffix: str, errors: str
) -> Iterator[IO[Any]]:
    if target.is_symlink():  # write the file the link names, and keep the link
        target = Path(os.path.realpath(target))
    if _device_or_pipe(target):
        # A device or a pipe (/dev/null, a FIFO) is written as it is: a file renamed over it would replace
        # the device itself (an audit, session 37: `credscore train --out /dev/full` made /dev/full a file
        # of model JSON, and a reader of a FIFO got nothing).
        yield from _write_in_place(target, mode, newline, errors)
        return
    fd, tmp = _create_temp(target.parent, f".{target.name}." if prefix is None else prefix, suffix,
                           0o600 if private else 0o666)
    try:
        if not private:
            with contextlib.suppress(FileNotFoundError):  # a file written over keeps its permission bits
                os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
        fh: IO[Any]
        if mode == "wb":
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline=newline, errors=errors)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
