"""Runtime-logging sinks (v0.2.35's `autogen.logger`): SQLite and JSON-lines file."""

from autogen.logger.base_logger import BaseLogger
from autogen.logger.file_logger import FileLogger
from autogen.logger.logger_factory import LoggerFactory
from autogen.logger.sqlite_logger import SqliteLogger

__all__ = ["BaseLogger", "FileLogger", "LoggerFactory", "SqliteLogger"]
