"""How the review app is served and how long a sign-in lasts: `FIRPATH_REVIEW_...` environment variables."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ReviewAppSettings(BaseSettings):
    """Defaults suit one reviewer's machine: the app listens on loopback only, and a sign-in ends
    after a working day, or after an hour without a request, whichever comes first."""

    model_config = SettingsConfigDict(env_prefix="FIRPATH_REVIEW_")

    # the address to listen on; anything but loopback makes the app reachable from other machines
    host: str = "127.0.0.1"
    port: int = Field(default=8050, ge=1, le=65535)
    # a sign-in lasts at most this long, however busy the reviewer is
    session_minutes: int = Field(default=480, ge=1)
    # and ends sooner when no request came for this long
    idle_minutes: int = Field(default=60, ge=1)
    # failed sign-ins for one name, or from one address, before further attempts wait out the window
    max_failed_sign_ins: int = Field(default=5, ge=1)
    failed_sign_in_window_seconds: float = Field(default=300.0, gt=0)
    # a file attached to a SECAS edit or withdrawal (an email, a letter); every other form is small
    max_evidence_mb: int = Field(default=20, ge=1)
    # a MAP's estate (CSV/XLSX: manufacturer, model, hardware and firmware version, device count):
    # proposals then show the devices their route changes affect, and the queue sorts by them
    estate: Path | None = None

    @model_validator(mode="after")
    def _idle_within_lifetime(self) -> ReviewAppSettings:
        if self.idle_minutes > self.session_minutes:
            raise ValueError(
                f"idle_minutes ({self.idle_minutes}) cannot be longer than session_minutes ({self.session_minutes})"
            )
        return self


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, `localhost`)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:  # a host name other than localhost may resolve anywhere
        return False


__all__ = ["ReviewAppSettings", "is_loopback"]
