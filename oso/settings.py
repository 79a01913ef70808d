"""One typed settings object, read from ``OSO_*`` environment variables and ``.env``.

Nothing reads the environment at import time: call :func:`get_settings` (or build
``Settings()``) where the values are needed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_OSS_DIRECTORY = REPO_ROOT / "oss-directory"
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
PUBLIC_GHARCHIVE_URL = "https://data.gharchive.org"


class Target(StrEnum):
    """Where the warehouse and the serving store live."""

    EMBEDDED = "embedded"  # DuckDB file + chDB, everything under OSO_HOME
    PRODUCTION = "production"  # BigQuery + a ClickHouse server


class RateLimitTier(BaseModel):
    """One API rate-limit tier: a token bucket refilled at ``per_minute`` holding ``burst``."""

    per_minute: int = Field(gt=0, description="Requests per minute, sustained.")
    burst: int = Field(gt=0, description="Requests that may arrive at once (bucket size).")


def _default_rate_limits() -> dict[str, RateLimitTier]:
    return {
        "anonymous": RateLimitTier(per_minute=60, burst=30),
        "developer": RateLimitTier(per_minute=600, burst=100),
    }


def _yesterday() -> dt.date:
    return dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)


class Settings(BaseSettings):
    """Every knob of the platform. Environment variables are ``OSO_<FIELD>``."""

    model_config = SettingsConfigDict(
        env_prefix="OSO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(
        default=Path(".oso"),
        description="Directory holding all embedded state (warehouse, serving store, caches, site).",
    )
    oss_directory: Path = Field(
        default=BUNDLED_OSS_DIRECTORY,
        description="oss-directory tree: projects/<letter>/<name>.yaml and collections/<name>.yaml (or data/...).",
    )
    gharchive_url: str = Field(
        default=PUBLIC_GHARCHIVE_URL,
        description="Base URL (http/https) or local directory holding YYYY-MM-DD-H.json.gz hourly files.",
    )
    start: dt.date | None = Field(
        default=None, description="First day of the window (default: end - 29 days)."
    )
    end: dt.date | None = Field(
        default=None,
        description="Last day of the window, the as-of date of every metric (default: yesterday, UTC).",
    )
    target: Target = Field(
        default=Target.EMBEDDED,
        description="embedded (DuckDB + chDB) or production (BigQuery + ClickHouse).",
    )

    # Production targets
    clickhouse_url: str | None = Field(
        default=None,
        description="ClickHouse server URL for production, e.g. http://user:pass@host:8123/oso.",
    )
    bigquery_project: str | None = Field(
        default=None, description="GCP project of the BigQuery warehouse."
    )
    bigquery_dataset: str = Field(
        default="oso", description="BigQuery dataset prefix for dbt and dlt."
    )
    bigquery_location: str = Field(default="US")
    bigquery_keyfile: Path | None = Field(
        default=None,
        description="Service-account JSON; unset means application-default credentials.",
    )

    # Serving
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    site_port: int = 8001
    dagster_port: int = 3000
    serving_database: str = Field(
        default="oso", description="ClickHouse database holding the published marts."
    )
    serving_keep_versions: int = Field(
        default=3,
        ge=0,
        description="Replaced versions of each published mart kept for rollback (<mart>__v<time>).",
    )

    # SQL API (POST /api/v1/sql, api/sqlapi)
    sql_max_rows: int = Field(
        default=100_000,
        gt=0,
        description="Most rows a SQL API result may have; a larger result is a 400 error.",
    )
    sql_timeout_s: float = Field(
        default=30.0, gt=0, description="Time limit of one SQL API query (max_execution_time)."
    )
    sql_max_memory_bytes: int = Field(
        default=2_000_000_000,
        gt=0,
        description="Memory one SQL API query may use in ClickHouse (max_memory_usage).",
    )
    sql_chunk_rows: int = Field(
        default=10_000, gt=0, description="Rows per NDJSON line of a SQL API answer."
    )

    # API access (api/access): keys, rate limits, response cache, GraphQL guards
    api_keys_file: Path | None = Field(
        default=None,
        description="SQLite file of API keys shared by `oso api-key` and the API (default OSO_HOME/api_keys.sqlite).",
    )
    api_rate_limit_enabled: bool = Field(
        default=True, description="Rate-limit /graphql and /api/v1/* per client IP or API key."
    )
    api_rate_limits: dict[str, RateLimitTier] = Field(
        default_factory=_default_rate_limits,
        description='Tiers (JSON): "anonymous" is per client IP, every other tier is per API key.',
    )
    api_cache_ttl_s: float = Field(
        default=300.0, ge=0, description="Seconds a cached API response is served (0: no cache)."
    )
    api_cache_max_entries: int = Field(
        default=1000, gt=0, description="Responses the API cache holds (least recently used go)."
    )
    api_cache_max_response_bytes: int = Field(
        default=1_000_000, gt=0, description="Larger responses are not cached."
    )
    api_cache_poll_s: float = Field(
        default=5.0,
        gt=0,
        description="How often the API checks the store's _publish_log to drop its cache after a publish.",
    )
    api_max_query_depth: int = Field(
        default=8, gt=0, description="Deepest GraphQL selection allowed (introspection excepted)."
    )
    api_max_query_complexity: int = Field(
        default=100_000,
        gt=0,
        description="Most rows a GraphQL query may be estimated to return (list limits multiplied).",
    )

    sources: list[str] = Field(
        default=["github", "git", "npm", "opencollective", "evm", "funding"],
        description="Optional sources to ingest (OSO_SOURCES, JSON list); the registry and GH Archive always run. "
        "A source left out still gets its empty raw tables.",
    )

    # Sources (issue 3). Base URLs point at the public services by default; tests and the demo
    # point them at loopback servers.
    http_timeout_s: float = 60.0
    http_max_retry_s: float = 120.0
    github_api_url: str = Field(
        default="https://api.github.com", description="GitHub REST API base URL."
    )
    github_token: SecretStr | None = Field(default=None, description="GitHub token (never logged).")
    git_base_url: str = Field(
        default="https://github.com",
        description="Where repositories are cloned from: <base>/<owner>/<name>(.git); a URL or a local folder.",
    )
    git_max_parallel: int = Field(default=4, description="Repositories cloned or fetched at once.")
    npm_downloads_url: str = Field(
        default="https://api.npmjs.org", description="npm downloads API base URL."
    )
    opencollective_api_url: str = Field(
        default="https://api.opencollective.com/graphql/v2",
        description="Open Collective GraphQL v2 endpoint.",
    )
    opencollective_token: SecretStr | None = Field(
        default=None, description="Open Collective personal token."
    )
    opencollective_csv_dir: Path | None = Field(
        default=None,
        description="Folder of Open Collective CSV transaction exports (<collective>*.csv), optional.",
    )
    evm_rpc_urls: dict[str, str] = Field(
        default_factory=dict,
        description='JSON-RPC endpoint per network, e.g. {"optimism": "https://..."}.',
    )
    evm_confirmations: int = Field(
        default=12, description="Blocks behind the head that count as final."
    )
    evm_batch_size: int = Field(default=50, description="JSON-RPC calls per batch request.")
    evm_blocks_per_partition: int = Field(
        default=10_000, description="Blocks in one EVM partition."
    )
    funding_dir: Path | None = Field(
        default=None,
        description="oss-funding data folder (funding_data.csv, funders/, daoip5/), optional.",
    )

    # Orchestration (issue 7)
    alert_webhook_url: str | None = Field(
        default=None,
        description="URL POSTed a JSON alert ({'text': ...}, Slack-compatible) when a run fails.",
    )
    dagster_url: str = Field(
        default="http://127.0.0.1:3000", description="The Dagster UI's address, linked from alerts."
    )
    retries: int = Field(
        default=3, ge=0, description="Retries of a failed ingestion step (transient faults only)."
    )
    retry_delay_s: float = Field(
        default=30.0,
        ge=0,
        description="Seconds before the first retry; doubled each time, jittered.",
    )
    _rolling: bool = PrivateAttr(default=False)

    @field_validator("api_rate_limits")
    @classmethod
    def _anonymous_tier(cls, tiers: dict[str, RateLimitTier]) -> dict[str, RateLimitTier]:
        if "anonymous" not in tiers:
            raise ValueError(
                'OSO_API_RATE_LIMITS needs an "anonymous" tier (requests without a key)'
            )
        return tiers

    @model_validator(mode="after")
    def _window(self) -> Settings:
        if self.end is None:
            self._rolling = True
            self.end = _yesterday()
        if self.start is None:
            self.start = self.end - dt.timedelta(days=29)
        if self.start > self.end:
            raise ValueError(f"OSO_START ({self.start}) is after OSO_END ({self.end})")
        if self.target is Target.PRODUCTION and not self.clickhouse_url:
            raise ValueError("OSO_TARGET=production needs OSO_CLICKHOUSE_URL")
        self.home = self.home.expanduser().resolve()
        self.oss_directory = self.oss_directory.expanduser().resolve()
        return self

    # ---- derived locations (all embedded state lives under home) ----
    @property
    def window_start(self) -> dt.date:
        assert self.start is not None
        return self.start

    @property
    def as_of(self) -> dt.date:
        """The date every metric is computed as of: OSO_END, never the wall clock."""
        assert self.end is not None
        return self.end

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def serving_dir(self) -> Path:
        return self.home / "serving"

    @property
    def api_keys_path(self) -> Path:
        return self.api_keys_file or self.home / "api_keys.sqlite"

    @property
    def chdb_path(self) -> Path:
        return self.serving_dir / "chdb"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def site_dir(self) -> Path:
        return self.home / "site"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    @property
    def dbt_target_dir(self) -> Path:
        return self.home / "dbt" / self.target.value

    @property
    def rolling(self) -> bool:
        """OSO_END unset: the window follows the clock (production), so partitions stay open-ended."""
        return self._rolling

    @property
    def gharchive_is_local(self) -> bool:
        return not self.gharchive_url.startswith(("http://", "https://"))


def get_settings(**overrides: object) -> Settings:
    """Build the settings from the environment (and ``.env``), with explicit overrides."""
    return Settings(**overrides)  # type: ignore[arg-type]
