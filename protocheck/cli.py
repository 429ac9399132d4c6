"""The command line: parse options, call the library, pick a renderer and an exit code. Nothing else.

Exit codes (also in ``--help`` and the README):
  0  a report was produced and no gate failed;
  1  a report was produced and a gate failed (outcome not_compliant, or the score under --fail-under);
  2  usage or input error: a file that cannot be read, a catalog with errors, a problem under --strict.

Heavy libraries (openpyxl, jinja2, jsonschema, pydantic) are imported inside the commands that use them, so
``protocheck --help`` starts fast on an old laptop.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .i18n import available_languages, default_language, tr

if TYPE_CHECKING:
    from .result import Result

EXIT_OK, EXIT_GATE, EXIT_INPUT = 0, 1, 2

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(available_languages()),
    default=None,
    help="Language of the output (default: from the locale, else English).",
)


PROFILE_OPTION = click.option(
    "--profile",
    "-p",
    metavar="ID_OR_PATH",
    help="Accreditation profile: exclusions, gates, thresholds and tiers over the standard (default: the one "
    "the workbook records, if any).",
)
WAIVERS_OPTION = click.option(
    "--waivers",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Waiver file (.yaml or .csv): criteria left out of the score until a date, each with its "
    "justification.",
)


def _load_waivers(path: Path | None) -> Any:
    """Read a waiver file before any scoring, so a malformed one stops the run (exit 2) with its line."""
    if path is None:
        return None
    from .waivers import load_waivers

    return load_waivers(path)


class InputFailure(Exception):
    """Raised inside a command when the run must end with exit 2; the message is already localized."""


def fail(message: str) -> NoReturn:
    raise InputFailure(message)


@contextmanager
def user_errors(lang: str) -> Iterator[None]:
    """Turn every error a user can cause into a clear sentence and exit 2 — never a traceback."""
    from .errors import UserError

    try:
        yield
    except UserError as exc:
        fail("\n".join(exc.lines(lang)))


def run_guarded(func: Callable[..., int | None]) -> Callable[..., None]:
    """Wrap a command so that expected failures exit 2 with their sentence and bugs say they are bugs."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except InputFailure as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_INPUT)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("PROTOCHECK_DEBUG"):
                raise
            click.echo(
                f"protocheck stopped on an internal error ({type(exc).__name__}: {exc}). This is a bug in protocheck, "
                "not in your file; run again with PROTOCHECK_DEBUG=1 to see the details.",
                err=True,
            )
            sys.exit(EXIT_INPUT)
        sys.exit(code or EXIT_OK)

    return wrapper


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Exit codes: 0 report produced, no gate failed; 1 report produced and a gate failed; "
    "2 usage or input error.",
)
@click.version_option(package_name="protocheck")
def main() -> None:
    """Check a crisis centre's audit workbook against a service standard and report the gaps."""


# --- score ----------------------------------------------------------------------------------------------------


def _formats() -> list[str]:
    from .render import FORMATS

    return list(FORMATS)


@main.command()
@click.argument("audit", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--standard",
    "-s",
    metavar="ID_OR_PATH",
    help="Standard to score against (default: the one the workbook records).",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(_formats()),
    help="Output format; repeat for several (then -o names a folder). Default: terminal.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write to this file (one format) or into this folder (several formats). Default: standard output.",
)
@click.option("--strict", is_flag=True, help="Exit 2 if the workbook has any problem.")
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Gate on the score instead of the outcome: exit 1 when the score is below PERCENT (or there is none).",
)
@click.option("--formative", is_flag=True, help="A checklist of what is present and missing, without scores.")
@PROFILE_OPTION
@WAIVERS_OPTION
@LANG_OPTION
@run_guarded
def score(
    audit: Path,
    standard: str | None,
    formats: tuple[str, ...],
    output: Path | None,
    strict: bool,
    fail_under: float | None,
    formative: bool,
    profile: str | None,
    waivers: Path | None,
    lang: str | None,
) -> int:
    """Score an audit workbook (.xlsx, .xlsm, .xls, .ods, .xlsb) against a standard.

    \b
    Exit codes:
      0  report produced, no gate failed
      1  report produced and a gate failed: outcome not_compliant, or score under --fail-under
      2  usage or input error (unreadable file, catalog errors, any problem under --strict)
    """
    from .audit import score_file

    lang = lang or default_language()
    with user_errors(lang):
        waiver_set = _load_waivers(waivers)
        result = score_file(audit, standard, formative=formative, profile=profile, waivers=waiver_set)
    write_outputs(result, formats or ("terminal",), output, lang, audit.stem)
    return exit_code(result, strict, fail_under)


def write_outputs(
    result: Result, formats: tuple[str, ...], output: Path | None, lang: str, stem: str
) -> None:
    """One format: to ``-o FILE`` or standard output. Several: into the folder ``-o DIR`` as ``<audit>.<ext>``."""
    from .render import get_renderer

    if len(formats) > 1 and output is None:
        raise click.UsageError("several --format need -o FOLDER to write into")
    if len(set(formats)) != len(formats):
        raise click.UsageError("each --format may be given once")
    if output is None and "xlsx" in formats:
        raise click.UsageError("--format xlsx writes a spreadsheet: give -o FILE.xlsx")
    to_screen = output is None and formats == ("terminal",)
    if result.problems and not to_screen:
        click.echo(tr("{count} problem(s) in the workbook:", lang, count=len(result.problems)), err=True)
        for problem in result.problems:
            click.echo(f"  {problem.line(lang)}", err=True)
    for name in formats:
        renderer = get_renderer(name, lang)
        if to_screen:
            from rich.console import Console

            from .render.terminal import TerminalRenderer

            assert isinstance(renderer, TerminalRenderer)
            console = Console(soft_wrap=False)
            for item in renderer.renderables(result):
                console.print(item)
            continue
        data = renderer.render(result)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            continue
        target = output
        if len(formats) > 1:
            output.mkdir(parents=True, exist_ok=True)
            target = output / f"{stem}.{renderer.extension}"
        _refuse_overwriting_input(target, result)
        target.write_bytes(data)
        click.echo(tr("Written: {path}", lang, path=target), err=True)


def _refuse_overwriting_input(target: Path, result: Result) -> None:
    if target.name == result.audit.file and target.exists():
        import hashlib

        if hashlib.sha256(target.read_bytes()).hexdigest() == result.provenance.audit_sha256:
            raise click.UsageError(f"{target} is the audit workbook itself: protocheck never writes to it")


def exit_code(result: Result, strict: bool, fail_under: float | None) -> int:
    if strict and result.problems:
        return EXIT_INPUT
    if result.formative:
        return EXIT_OK
    if fail_under is not None:
        percent = result.score.percent
        return EXIT_GATE if percent is None or percent < fail_under else EXIT_OK
    return EXIT_GATE if result.outcome == "non_compliant" else EXIT_OK


# --- validate -------------------------------------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--standard", "-s", metavar="ID_OR_PATH", help="Standard for workbooks that do not record one.")
@LANG_OPTION
@run_guarded
def validate(files: tuple[Path, ...], standard: str | None, lang: str | None) -> int:
    """Check catalogs (.yaml) and audit workbooks without scoring; list every error.

    Exit 0 when every file is valid, 2 otherwise.
    """
    from .audit import prepare
    from .catalog import load_catalog
    from .errors import UserError

    lang = lang or default_language()
    bad = 0
    for path in files:
        errors: list[str] = []
        try:
            if path.suffix.lower() in (".yaml", ".yml"):
                from .profile import is_profile_file, load_profile

                load_profile(path) if is_profile_file(path) else load_catalog(path)
            else:
                prepared = prepare(path, standard)
                errors = [p.line(lang) for p in prepared.problems]
        except UserError as exc:
            errors = exc.lines(lang)
        if errors:
            bad += 1
            click.echo(tr("{file}: {count} error(s)", lang, file=path, count=len(errors)))
            for line in errors:
                click.echo(f"  {line}")
        else:
            click.echo(tr("{file}: valid", lang, file=path))
    return EXIT_INPUT if bad else EXIT_OK


# --- browsing -------------------------------------------------------------------------------------------------


@main.group()
def standards() -> None:
    """Browse the built-in standards (and catalogs given by path)."""


@standards.command("list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@LANG_OPTION
@run_guarded
def standards_list(paths: tuple[Path, ...], lang: str | None) -> int:
    """List the built-in catalogs, and any catalog files given, with their sizes and origin."""
    from rich.console import Console
    from rich.table import Table

    from .catalog import builtin_paths, load_catalog

    lang = lang or default_language()
    table = Table(box=None)
    # ids and paths are copied into commands: they fold onto the next line, never end in "…"
    table.add_column("ID", no_wrap=True)
    table.add_column(tr("Title", lang), ratio=1)
    table.add_column(tr("Version", lang), no_wrap=True)
    table.add_column(tr("Criteria", lang), justify="right")
    table.add_column(tr("Source", lang), overflow="fold")
    with user_errors(lang):
        builtins = builtin_paths()
        for path in [*builtins, *paths]:
            catalog = load_catalog(path).catalog
            origin = tr("built-in", lang) if path in builtins else str(path)
            table.add_row(
                catalog.id, catalog.title.get(lang), catalog.version, str(len(catalog.criteria())), origin
            )
    Console(soft_wrap=True).print(table)
    return EXIT_OK


@standards.command("show")
@click.argument("standard", metavar="ID_OR_PATH")
@LANG_OPTION
@run_guarded
def standards_show(standard: str, lang: str | None) -> int:
    """Show a standard's sections and criteria as a tree."""
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    from .catalog import load_catalog

    lang = lang or default_language()
    with user_errors(lang):
        catalog = load_catalog(standard).catalog
    # Text objects, not markup strings: a catalog's own words (or "[critical]") are never read as rich markup.
    tree = Tree(Text.assemble((catalog.title.get(lang), "bold"), f" ({catalog.id} {catalog.version})"))
    if catalog.notice:
        tree.add(Text(catalog.notice.get(lang), style="italic"))
    only_if = tr("only if", lang)
    for section in catalog.sections:
        branch = tree.add(Text.assemble((section.id, "bold"), "  ", section.title.get(lang)))
        for crit in section.criteria:
            line = Text.assemble(crit.id, "  [", tr(crit.severity.value, lang), "]  ", crit.text.get(lang))
            if crit.applies_if:
                line.append(f"  ({only_if}: {', '.join(crit.applies_if)})", style="dim")
            branch.add(line)
    Console(soft_wrap=False).print(tree)
    return EXIT_OK


@main.command()
@click.argument("criterion_id")
@click.option(
    "--standard", "-s", metavar="ID_OR_PATH", help="Which standard (needed when several have this id)."
)
@LANG_OPTION
@run_guarded
def explain(criterion_id: str, standard: str | None, lang: str | None) -> int:
    """Explain one requirement: what it asks, why it matters, the evidence to look for, its sources."""
    from .explain import explain_text, find_criterion

    lang = lang or default_language()
    with user_errors(lang):
        found = find_criterion(criterion_id, standard)
    if isinstance(found, str):
        fail(found)
    click.echo(explain_text(found[0], found[1], found[2], lang))
    return EXIT_OK


@main.command()
@click.argument("standard", metavar="STANDARD", required=False)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The .xlsx to write.",
)
@click.option(
    "--profile",
    "-p",
    metavar="ID_OR_PATH",
    help="Accreditation profile: the template leaves out what it excludes and records it for «score». "
    "STANDARD may then be omitted.",
)
@LANG_OPTION
@run_guarded
def template(standard: str | None, output: Path, profile: str | None, lang: str | None) -> int:
    """Write an audit workbook to fill in Excel or LibreOffice, with drop-downs and instructions."""
    from .catalog import load_catalog
    from .template import write_template

    lang = lang or default_language()
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is written as .xlsx: give -o FILE.xlsx")
    if standard is None and profile is None:
        raise click.UsageError("give the STANDARD (id or path), or --profile ID_OR_PATH")
    loaded_profile = None
    with user_errors(lang):
        if profile is not None:
            from .profile import load_profile

            loaded_profile = load_profile(profile)
            if standard is not None:
                loaded_profile = loaded_profile.bind(load_catalog(standard))
            catalog = loaded_profile.catalog
        else:
            assert standard is not None
            catalog = load_catalog(standard).catalog
    write_template(catalog, output, lang)
    if loaded_profile is not None:
        from .profile import record_in_template

        record_in_template(output, loaded_profile)
    click.echo(tr("Written: {path}", lang, path=output), err=True)
    return EXIT_OK


# --- networks: summary and compare --------------------------------------------------------------------------


@main.command()
@click.argument(
    "audits",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, exists=True),
    metavar="AUDIT_OR_FOLDER...",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The report: FILE.xlsx, FILE.html or FILE.json (the format follows the extension).",
)
@click.option("--standard", "-s", metavar="ID_OR_PATH", help="Standard for workbooks that do not record one.")
@PROFILE_OPTION
@WAIVERS_OPTION
@LANG_OPTION
@run_guarded
def summary(
    audits: tuple[Path, ...],
    output: Path,
    standard: str | None,
    profile: str | None,
    waivers: Path | None,
    lang: str | None,
) -> int:
    """Score many audits (files, or folders of workbooks) into one network report.

    One row per audit, a centre's audits together, newest first; a heat map of centres × sections; and each
    criterion with how many centres meet it, weakest first. Audits are scored in parallel on every core. A
    workbook that cannot be read is listed with its error and the others are still scored.

    \b
    Exit codes:
      0  report written, every workbook scored
      2  report written but some workbook could not be scored (listed in it), or a usage or input error
         (an option's catalog, profile or waiver file has errors: then nothing is scored)
    """
    from . import summary as network

    lang = lang or default_language()
    if output.suffix.lower() not in network.FORMATS:
        raise click.UsageError("give -o FILE.xlsx, FILE.html or FILE.json")
    with user_errors(lang):
        options = network.prepare_options(standard, profile, _load_waivers(waivers), lang)
    paths = network.find_workbooks(audits)
    if not paths:
        fail(
            tr(
                "no workbooks (.xlsx, .xlsm, .xls, .ods, .xlsb) found in {paths}",
                lang,
                paths=", ".join(str(a) for a in audits),
            )
        )
    report = network.run_with_progress(paths, options)
    network.write(report, output, lang)
    for failed in report.failed:
        click.echo(tr("Not scored: {file}: {error}", lang, file=failed.file, error=failed.error), err=True)
    click.echo(tr("Written: {path}", lang, path=output), err=True)
    return EXIT_INPUT if report.failed else EXIT_OK


@main.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--standard", "-s", metavar="ID_OR_PATH", help="Score both against this standard.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["terminal", "json", "markdown", "html"]),
    default="terminal",
    show_default=True,
    help="Output format.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
@LANG_OPTION
@run_guarded
def compare(
    old: Path, new: Path, standard: str | None, fmt: str, output: Path | None, lang: str | None
) -> int:
    """Compare two audits of a centre: score, sections and each criterion improved, regressed or unchanged.

    Two versions of one standard are compared by criterion id, listing the ids added and removed; audits
    against different standards are refused.

    \b
    Exit codes:
      0  comparison produced
      2  usage or input error (unreadable file, different standards, catalog errors)
    """
    from .compare import compare_files, render, renderables

    lang = lang or default_language()
    with user_errors(lang):
        comparison = compare_files(old, new, standard)
    if output is None and fmt == "terminal":
        from rich.console import Console

        console = Console(soft_wrap=False)
        for item in renderables(comparison, lang):
            console.print(item)
        return EXIT_OK
    data = render(comparison, fmt, lang)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    if output.resolve() in (old.resolve(), new.resolve()):
        raise click.UsageError(f"{output} is an audit workbook: protocheck never writes to it")
    output.write_bytes(data)
    click.echo(tr("Written: {path}", lang, path=output), err=True)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    main()
