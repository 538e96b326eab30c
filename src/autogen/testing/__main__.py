"""``python -m autogen.testing``: run the OpenAI-compatible test server until Ctrl-C.

Point any OpenAI client (or an agent's config list) at the printed base URL, with any key.
"""

from __future__ import annotations

import itertools
import signal
import threading
from typing import Annotated, Any

import typer

from autogen.io import IOStream
from autogen.testing._endpoint import DEFAULT_REPLY
from autogen.testing.server import OpenAITestServer

app = typer.Typer(
    add_completion=False, help="Serve OpenAI-compatible replies on loopback, for tests and demos."
)


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on (0: pick a free one).")] = 8000,
    host: Annotated[str, typer.Option(help="Loopback address to bind.")] = "127.0.0.1",
    reply: Annotated[
        list[str] | None,
        typer.Option("--reply", "-r", help="Assistant reply; repeat the option to cycle through several."),
    ] = None,
    latency: Annotated[float, typer.Option(help="Seconds to wait before each answer.", min=0.0)] = 0.0,
    chunk_delay: Annotated[
        float, typer.Option(help="Seconds between the chunks of a streamed answer.", min=0.0)
    ] = 0.0,
    api_key: Annotated[
        str | None, typer.Option(help="Accept only this API key (default: any non-empty key).")
    ] = None,
) -> None:
    """Serve until Ctrl-C (or SIGTERM); every request is answered with the next --reply, cycling."""
    replies = itertools.cycle(reply or [DEFAULT_REPLY])

    def responder(_request: dict[str, Any]) -> str:
        return next(replies)

    stream = IOStream.get_default()
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with OpenAITestServer(
            responder=responder,
            latency=latency,
            chunk_delay=chunk_delay,
            host=host,
            port=port,
            api_key=api_key,
            record=False,  # serves until stopped: a record would only grow
        ) as server:
            stream.print(
                f"autogen test server: base_url {server.base_url} (Azure endpoint {server.url})", flush=True
            )
            stream.print("Press Ctrl-C to stop.", flush=True)
            stop.wait()
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # the port is taken, or the host is not an address of this machine
        stream.print(
            f"autogen test server: cannot listen on {host}:{port}: {exc.strerror or exc}", flush=True
        )
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    stream.print("autogen test server: stopped", flush=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
