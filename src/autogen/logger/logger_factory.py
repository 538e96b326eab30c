"""`LoggerFactory.get_logger(logger_type, config)`: "sqlite" (default) or "file"."""

from __future__ import annotations

from typing import Any, Literal

from autogen.exceptions import ConfigError
from autogen.logger.base_logger import BaseLogger

__all__ = ["LoggerFactory"]


class LoggerFactory:
    @staticmethod
    def get_logger(
        logger_type: Literal["sqlite", "file"] = "sqlite", config: dict[str, Any] | None = None
    ) -> BaseLogger:
        if logger_type == "sqlite":
            from autogen.logger.sqlite_logger import SqliteLogger

            return SqliteLogger(config)
        if logger_type == "file":
            from autogen.logger.file_logger import FileLogger

            return FileLogger(config)
        raise ConfigError(f"logger_type must be 'sqlite' or 'file', got {logger_type!r}")
