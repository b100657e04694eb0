"""Where uploaded files live: one small interface, a local folder (the default) or S3-compatible object storage."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

log = logging.getLogger(__name__)
CHUNK = 64 * 1024


@dataclass
class StoredFile:
    """A stored file being read: its size and its bytes in chunks; call close() when done."""

    size: int
    chunks: Iterator[bytes]
    close: Callable[[], None]


class Storage(Protocol):
    """What the app asks of a storage backend. Keys are content-addressed: a key's bytes never change."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store the bytes under the key (storing the same key again is harmless)."""

    def open(self, key: str) -> StoredFile | None:
        """The stored file, or None when there is none under the key."""

    def delete(self, key: str) -> None:
        """Forget the key (no error when it is already gone)."""


class LocalStorage:
    """Files in a folder on this server (by default instance/media): for one app server."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write to a temporary file and rename it: a reader never sees half a file."""
        path = self._path(key)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> StoredFile | None:
        """The file, read in chunks."""
        try:
            handle = self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError):
            return None
        size = os.fstat(handle.fileno()).st_size
        return StoredFile(size, iter(lambda: handle.read(CHUNK), b""), handle.close)

    def delete(self, key: str) -> None:
        """Remove the file."""
        self._path(key).unlink(missing_ok=True)


def _local(app: Flask) -> Storage:
    return LocalStorage(app.config.get("STORAGE_LOCAL_PATH") or Path(app.instance_path) / "media")


def _s3(app: Flask) -> Storage:
    from socialchallenge.attachments.s3 import S3Storage  # the only module that imports boto3

    return S3Storage.from_config(app.config)


BACKENDS: dict[str, Callable[[Flask], Storage]] = {"local": _local, "s3": _s3}


def storage() -> Storage:
    """The running app's storage, made once per app from STORAGE_BACKEND."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "storage" not in app.extensions:
        app.extensions["storage"] = BACKENDS[app.config["STORAGE_BACKEND"]](app)
    return app.extensions["storage"]


def discard(keys: set[str]) -> None:
    """Delete stored files no row names any more; a failure is logged (an orphan file harms no one)."""
    backend = storage()
    for key in sorted(keys):
        try:
            backend.delete(key)
        except Exception:  # noqa: BLE001 - the removal is committed; a leftover file is only wasted space
            log.exception("could not delete stored file %s", key)
