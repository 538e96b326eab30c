"""The command line: `python -m autogen` runs the two-agent example of the README.

An assistant (LLM) and a user proxy (runs the code the assistant writes) solve `--task` together.
The endpoint comes from, in order: `--base-url` (+ `--model`, for any OpenAI-compatible server),
the `OAI_CONFIG_LIST` variable or file, or `OPENAI_API_KEY`. `--demo` needs none of them: it runs
the same flow against the built-in test server with a scripted model.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from autogen._demo import DEFAULT_TASK, DEMO_MODEL, demo_responder
from autogen.exceptions import AutogenError, NoEndpointError, redact
from autogen.testbed.cli import app as testbed_app
from autogen.version import __version__

__all__ = ["app", "main", "resolve_endpoint"]

app = typer.Typer(
    add_completion=False,
    help="Run the AutoGen two-agent example: an assistant writes code, a user proxy runs it.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

HOW_TO_CONFIGURE = """No model endpoint is configured. Configure one of these, then run again:

  1. An OpenAI key:
       export OPENAI_API_KEY=sk-...            (optionally --model gpt-4o)
  2. A config list, as a variable or a file named OAI_CONFIG_LIST in this directory:
       export OAI_CONFIG_LIST='[{"model": "gpt-4o", "api_key": "sk-..."}]'
     (Azure entries add "base_url", "api_type": "azure", "api_version")
  3. A local OpenAI-compatible server (Ollama, vLLM, LM Studio, ...):
       python -m autogen --base-url http://localhost:11434/v1 --model llama3

Or try it without any endpoint:  python -m autogen --demo"""


@dataclass
class Endpoint:
    """Where the assistant's model is, and how we found it (for the banner)."""

    config_list: list[dict[str, Any]]
    source: str


def resolve_endpoint(base_url: str | None, model: str | None, api_key: str | None) -> Endpoint:
    """The config list for the assistant, from the options and the environment (see module doc)."""
    if base_url:
        if not model:
            raise typer.BadParameter("--base-url needs --model: the name of a model that server offers.")
        key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
        return Endpoint([{"model": model, "base_url": base_url, "api_key": key}], f"--base-url {base_url}")
    if os.environ.get("OAI_CONFIG_LIST", "").strip() or os.path.isfile("OAI_CONFIG_LIST"):
        from autogen.oai.openai_utils import config_list_from_json

        filter_dict = {"model": [model]} if model else None
        config_list = config_list_from_json("OAI_CONFIG_LIST", filter_dict=filter_dict)
        if not config_list:
            raise NoEndpointError(f"OAI_CONFIG_LIST has no entry for model {model!r}.")
        return Endpoint(config_list, "OAI_CONFIG_LIST")
    env_key = api_key or os.environ.get("OPENAI_API_KEY")
    if env_key:
        from autogen.code_utils import DEFAULT_MODEL

        return Endpoint([{"model": model or DEFAULT_MODEL, "api_key": env_key}], "OPENAI_API_KEY")
    raise NoEndpointError(HOW_TO_CONFIGURE)


def _ends_with_terminate(message: dict[str, Any]) -> bool:
    content = message.get("content")
    return isinstance(content, str) and content.rstrip().endswith("TERMINATE")


def run_example(
    config_list: list[dict[str, Any]],
    task: str,
    work_dir: Path,
    human_input_mode: str,
    max_auto_reply: int,
    use_docker: bool,
    cache_seed: int | None,
) -> Any:
    """The README's two-agent example: returns the `ChatResult`."""
    from autogen import AssistantAgent, UserProxyAgent

    assistant = AssistantAgent("assistant", llm_config={"config_list": config_list, "cache_seed": cache_seed})
    user_proxy = UserProxyAgent(
        "user_proxy",
        human_input_mode=human_input_mode,  # type: ignore[arg-type]
        max_consecutive_auto_reply=max_auto_reply,
        is_termination_msg=_ends_with_terminate,
        code_execution_config={"work_dir": str(work_dir), "use_docker": use_docker},
    )
    return user_proxy.initiate_chat(assistant, message=task)


def _console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@app.callback(invoke_without_command=True)
def run(
    ctx: typer.Context,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Use the built-in test server and a scripted model (no key needed)."),
    ] = False,
    task: Annotated[str, typer.Option("--task", "-t", help="What the agents should do.")] = DEFAULT_TASK,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="An OpenAI-compatible endpoint, e.g. http://localhost:8000/v1."),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="The model to ask.")] = None,
    api_key: Annotated[
        str | None, typer.Option("--api-key", help="Key for --base-url (default: $OPENAI_API_KEY).")
    ] = None,
    work_dir: Annotated[
        Path | None,
        typer.Option("--work-dir", help="Where code runs (default: ./coding; a temp dir in --demo)."),
    ] = None,
    human_input_mode: Annotated[
        str, typer.Option("--human-input-mode", help="ALWAYS, TERMINATE or NEVER: when to ask you.")
    ] = "NEVER",
    max_auto_reply: Annotated[
        int, typer.Option("--max-auto-reply", help="Auto-replies before stopping.")
    ] = 10,
    docker: Annotated[bool, typer.Option("--docker/--no-docker", help="Run code in Docker.")] = False,
) -> None:
    """Run the two-agent example (an assistant and a user proxy) on --task."""
    if ctx.invoked_subcommand is not None:
        return
    mode = human_input_mode.upper()
    if mode not in ("ALWAYS", "TERMINATE", "NEVER"):
        raise typer.BadParameter("must be ALWAYS, TERMINATE or NEVER", param_hint="--human-input-mode")
    console = _console()
    try:
        if demo:
            _run_demo(console, task, work_dir, mode, max_auto_reply, docker)
        else:
            endpoint = resolve_endpoint(base_url, model, api_key)
            console.print(f"[bold]autogen[/bold] two-agent example · model endpoint from {endpoint.source}")
            result = run_example(
                endpoint.config_list, task, work_dir or Path("coding"), mode, max_auto_reply, docker, 41
            )
            _report(console, result)
    except NoEndpointError as e:
        console.print(str(e), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except AutogenError as e:
        console.print(f"[red]error:[/red] {redact(str(e))}", soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        raise typer.Exit(130) from None


def _run_demo(
    console: Any, task: str, work_dir: Path | None, mode: str, max_auto_reply: int, docker: bool
) -> None:
    from autogen.testing import OpenAITestServer

    console.print(
        "[bold yellow]DEMO[/bold yellow]: a scripted model behind the built-in OpenAI-compatible test server "
        "answers as the assistant. No real LLM is called."
    )
    with OpenAITestServer(responder=demo_responder) as server, tempfile.TemporaryDirectory() as tmp:
        result = run_example(
            server.config_list(model=DEMO_MODEL, price=[0, 0]),
            task,
            work_dir or Path(tmp),
            mode,
            max_auto_reply,
            docker,
            None,
        )
        _report(console, result)
    console.print("[bold yellow]DEMO[/bold yellow] finished (scripted model).")


def _report(console: Any, result: Any) -> None:
    cost = result.cost.get("usage_including_cached_inference", {})
    console.print(f"[bold]Summary:[/bold] {result.summary.strip()}", markup=True)
    tokens = sum(v.get("total_tokens", 0) for k, v in cost.items() if isinstance(v, dict))
    total = cost.get("total_cost") or 0
    console.print(f"[dim]{len(result.chat_history)} messages · {tokens} tokens · cost ${total:.4f}")


@app.command()
def version() -> None:
    """Print the autogen version."""
    typer.echo(__version__)


app.add_typer(testbed_app, name="testbed")


def main() -> None:
    """Entry point of `python -m autogen` and the `autogen` script."""
    app(prog_name="autogen" if os.path.basename(sys.argv[0]) == "__main__.py" else None)
