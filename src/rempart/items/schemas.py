"""The canonical model every part of Rempart speaks: `Item`, `Account`, `Media`.

These are the boundary types (Pydantic). The store keeps them in `items.models`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator


def _in_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted (as `core.clock.as_utc`, inlined: this runs
    for every item ingested)."""
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:
        msg = "out of range once converted to UTC"
        raise ValueError(msg) from None


UtcDatetime = Annotated[datetime, AfterValidator(_in_utc)]
NonEmptyId = Annotated[str, Field(min_length=1, max_length=256)]
# The store's column sizes (items.models): values past them are refused here, not by the database.
PlatformName = Annotated[str, Field(min_length=1, max_length=64)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
# Validation context for a record whose source was checked for NUL characters as a whole (e.g. a JSON line
# without a `\u0000` escape): the per-field NUL scans are then skipped, every other rule still applies.
NUL_CHECKED = {"nul_checked": True}


def _nul_checked(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, dict) and context.get("nul_checked") is True


def refuse_nul(value: object, info: ValidationInfo) -> object:
    """PostgreSQL text cannot hold NUL characters: a value carrying one is refused, never truncated."""
    if _nul_checked(info):
        return value
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, str) and "\x00" in v for v in values):
        msg = "contains a NUL character"
        raise ValueError(msg)
    return value


def refuse_nul_in_fields(model: BaseModel) -> None:
    """The same rule for a whole model in one pass (one call instead of one per field: this is on the
    ingest hot path). Names the first field that carries a NUL."""
    values = model.__dict__
    strings = [v for v in values.values() if isinstance(v, str)]
    lists = [v for v in values.values() if isinstance(v, list) and v and isinstance(v[0], str)]
    if "\x00" not in "".join(strings) and not any("\x00" in "".join(v) for v in lists):
        return
    for name, value in values.items():
        if (isinstance(value, str) and "\x00" in value) or (
            isinstance(value, list) and any(isinstance(v, str) and "\x00" in v for v in value)
        ):
            msg = f"{name}: contains a NUL character"
            raise ValueError(msg)


def language_code(value: str | None) -> str | None:
    """`Item.language`: a bare ISO 639 code (`en-GB` gives `en`); None for absent, undetermined or no language."""
    if value is None or value in ("", "und", "zxx"):
        return None
    if 2 <= len(value) <= 3 and value.isalpha() and value.islower():
        return value  # already a bare code, the common case
    code = value.split("-")[0].split("_")[0].lower()
    if not (2 <= len(code) <= 3 and code.isalpha()):
        msg = f"not an ISO 639 language code: {value!r}"
        raise ValueError(msg)
    return code


def country_codes(value: list[str]) -> list[str]:
    """`Item.country_hints`: ISO 3166-1 alpha-2 codes in upper case (the EU's `EL` is Greece, `GR`)."""
    codes = []
    for code in value:
        upper = code.upper()
        if len(upper) != 2 or not upper.isalpha():
            msg = f"not an ISO 3166-1 alpha-2 country code: {code!r}"
            raise ValueError(msg)
        codes.append("GR" if upper == "EL" else upper)
    return codes


def hashtags_without_hash(value: list[str]) -> list[str]:
    """`Item.hashtags`: tags without their leading `#`; a bare `#` is no tag."""
    if not value:
        return value
    return [tag.lstrip("#") for tag in value if tag.lstrip("#")]


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    GIF = "gif"
    AUDIO = "audio"
    OTHER = "other"


class Media(BaseModel):
    """One attachment. `pdq` is the 256-bit PDQ hash as 64 hex characters, when known."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: MediaKind = MediaKind.OTHER
    url: str | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    pdq: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    pdq_quality: Annotated[int, Field(ge=0, le=100)] | None = None

    _no_nul = field_validator("*")(refuse_nul)


class Item(BaseModel):
    """A post, reply, repost or quote, as any platform emits it, made canonical.

    `id` is unique within `platform`. `raw` keeps the source record verbatim (JSON text).
    """

    model_config = ConfigDict(extra="forbid")

    platform: PlatformName
    id: NonEmptyId
    author_id: NonEmptyId
    created_at: UtcDatetime
    text: str = ""
    language: str | None = None
    urls: list[str] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    media: list[Media] = Field(default_factory=list)
    reply_to: NonEmptyId | None = None
    repost_of: NonEmptyId | None = None
    quote_of: NonEmptyId | None = None
    country_hints: list[str] = Field(default_factory=list)
    deleted_at: UtcDatetime | None = None
    raw: str | None = None

    # The text is checked on its own so that its errors name it; the other fields in one pass.
    @field_validator("text")
    @classmethod
    def _text_no_nul(cls, value: str) -> str:
        # Scanning the text costs less than asking whether the record was checked as a whole already.
        if "\x00" in value:
            msg = "contains a NUL character"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _no_nul(self, info: ValidationInfo) -> Self:
        if not _nul_checked(info):
            refuse_nul_in_fields(self)
        return self

    _language = field_validator("language")(language_code)
    _countries = field_validator("country_hints")(country_codes)
    _hashtags = field_validator("hashtags")(hashtags_without_hash)


class Account(BaseModel):
    """An account on a platform; counts are None where the source does not give them."""

    model_config = ConfigDict(extra="forbid")

    platform: PlatformName
    id: NonEmptyId
    handle: Annotated[str, Field(max_length=256)] | None = None
    display_name: Annotated[str, Field(max_length=512)] | None = None
    created_at: UtcDatetime | None = None
    followers_count: Count | None = None
    following_count: Count | None = None
    verified: bool = False
    verified_type: Annotated[str, Field(max_length=64)] | None = None
    raw: str | None = None

    @model_validator(mode="after")
    def _no_nul(self, info: ValidationInfo) -> Self:
        if not _nul_checked(info):
            refuse_nul_in_fields(self)
        return self


class ItemKey(BaseModel):
    """How items are named across the system: the platform and its own id."""

    model_config = ConfigDict(frozen=True)

    platform: NonEmptyId
    id: NonEmptyId
