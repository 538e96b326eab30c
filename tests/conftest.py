"""Shared test setup: the autogen test kit's pytest plugin (network guard, `openai_server`)."""

pytest_plugins = ["autogen.testing.pytest_plugin"]
