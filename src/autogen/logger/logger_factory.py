"""`LoggerFactory.get_logger(logger_type, config)`: "sqlite" (default) or "file"."""

from __future__ import annotations

from typing import Any, Literal

from autogen.exceptions import ConfigError
from autogen.logger.base_logger import BaseLogger
from autogen.logger.file_logger import FileLogger
from autogen.logger.sqlite_logger import SqliteLogger

__all__ = ["LoggerFactory"]


class LoggerFactory:
    @staticmethod
    def get_logger(
        logger_type: Literal["sqlite", "file"] = "sqlite", config: dict[str, Any] | None = None
    ) -> BaseLogger:
        if logger_type == "sqlite":
            return SqliteLogger(config)
        if logger_type == "file":
            return FileLogger(config)
        raise ConfigError(f"logger_type must be 'sqlite' or 'file', got {logger_type!r}")
