"""Running the review app: the session secret kept in the workdir, and waitress in front of the app."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import sys
from pathlib import Path

from firpath.review.web.settings import ReviewAppSettings, is_loopback

SECRET_KEY_FILE = "review_secret.key"

log = logging.getLogger(__name__)


def load_or_create_secret_key(path: Path) -> str:
    """The key in `path`, made on first use (random, readable by the owner only).

    The key signs the session cookies: keep it out of the repository (the workdir, `.firpath/` by
    default, is git-ignored). Deleting it signs every reviewer out.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            log.warning("%s was readable by others (mode %o): made it 0600", path, mode)
            path.chmod(0o600)
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise ValueError(f"{path}: the secret key is too short; delete the file to make a new one") from None
        return key
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def serve(workdir: Path, host: str | None = None, port: int | None = None, *, threads: int = 8,
          settings: ReviewAppSettings | None = None) -> None:  # fmt: skip
    """Serve the review app on the workdir's staging store (FIRPATH_STORE_URL when set) until stopped.

    `host` and `port` default to the settings (127.0.0.1:8050): only this machine reaches the app
    unless another address is asked for, and then a warning says so.
    """
    import waitress

    from firpath.review.web.app import create_app
    from staging.settings import store_url

    settings = settings if settings is not None else ReviewAppSettings()
    host = settings.host if host is None else host
    port = settings.port if port is None else port
    workdir = Path(workdir)
    key = load_or_create_secret_key(workdir / SECRET_KEY_FILE)
    app = create_app(store_url(workdir), secret_key=key, settings=settings, workdir=workdir)
    if not is_loopback(host):
        print(f"warning: listening on {host}, so other machines can reach the review app; it speaks plain "
              "HTTP: put an HTTPS proxy in front of it, or keep to 127.0.0.1", file=sys.stderr, flush=True)  # fmt: skip
    print(f"firpath review: serving http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="firpath")


__all__ = ["SECRET_KEY_FILE", "load_or_create_secret_key", "serve"]
