"""The `assess` command.

Exit codes: 0 the result is final; 1 the result is provisional (some item not assessed); 2 bad input
(a file, key, value, region or option the operator must correct); 3 a region plugin failed (to load, or in a hook);
4 an unexpected error inside jingban (a bug: please report it).

Output is rendered in full before anything is printed or written, so a failure leaves no half
report; --output writes through a temporary file renamed into place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import cli_lang
from .cli_calendar import CALENDAR_FILES, LAYER as CALENDAR_LAYER
from .cli_lang import Choice, Int
from .errors import InputError, PluginLoadError, RegionNotFound, os_reason
from .logsetup import configure, get_logger

if TYPE_CHECKING:
    from decimal import Decimal

    from .evidence import Period

# Only click and what every command needs are imported here: the engine, the reports and the
# registry are imported by the commands that use them, so `assess --help` loads none of them
# (tests/test_startup.py; benchmarks/bench_startup.py).

EXIT_OK, EXIT_PROVISIONAL, EXIT_BAD_INPUT, EXIT_PLUGIN, EXIT_BUG = 0, 1, 2, 3, 4

log = get_logger("jingban.cli")

FORMAT = click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True,
                      help="Table for people, JSON (decimals as strings) for programs.")
# assess, settle and compare also print the official forms (docs/reports.md)
REPORT_FORMAT = click.option("--format", "fmt", type=Choice(["table", "json", "html", "pdf", "xlsx", "docx"]),
                             default="table", show_default=True,
                             help="Table for people, JSON (decimals as strings) for programs, the official forms as"
                                  " one self-contained HTML file, as PDF (printed by Chromium), as an XLSX workbook"
                                  " (a sheet per form and the data), or as a DOCX document (Kaifeng's"
                                  " self-inspection report; a cover letter elsewhere). PDF, XLSX and DOCX need -o.")
BINARY_FORMATS = frozenset({"pdf", "xlsx", "docx"})
LANG = click.option("--lang", type=Choice(["zh", "en"]), default="zh", show_default=True, envvar=cli_lang.ENV,
                    show_envvar=True, help="Language of the report, the help and the errors.")
OPTION = click.option("--option", "options", multiple=True, metavar="ID=VALUE",
                      help="Select another reading of an ambiguous clause (see docs/interpretations.md)."
                           " Repeatable.")
RULES_VERSION = click.option("--rules-version", default=None, metavar="VERSION",
                             help="Use this dated version of the region's rules (its rules_version) instead of the"
                                  " one the evidence's period picks.")
OUTPUT = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="Write the report to this file instead of standard output.")


def _encoding(ctx, param, value: str) -> str:
    """--encoding: one of the spellings docs/ledgers.md lists (checked here, before any file is read)."""
    if value == "auto":  # the default: the ledger modules are not imported for an assessment without ledgers
        return value
    from .ledgers.readable import ENCODINGS, codec_of

    try:
        codec_of(value)
    except ValueError:
        raise InputError(None, "--encoding", _m("error.ledger.encoding", value=value,
                                                known=", ".join(sorted(ENCODINGS)))) from None
    return value


ENCODING = click.option("--encoding", default="auto", show_default=True, metavar="NAME", callback=_encoding,
                        help="Encoding of CSV ledgers: auto (detected), utf-8, utf-16, gbk or gb18030"
                             " (docs/ledgers.md).")


def _options(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise InputError(None, f"--option {p}", _m("error.cli.option_pair"))
        out[key.strip()] = value.strip()
    return out


def _refuse_binary_to_terminal(fmt: str, output: Path | None) -> None:
    """A PDF is bytes, not text: it goes to a file (-o), never to a terminal or a pipe unasked.
    Checked before any work is done."""
    if fmt in BINARY_FORMATS and output is None:
        raise InputError(None, "--format " + fmt, _m("error.cli.binary_needs_output", format=fmt))


def _emit_binary(data: bytes, output: Path) -> None:
    """Bytes written as `_emit` writes text: through a temporary file renamed into place."""
    _emit(data, output)


def _emit(text: str | bytes, output: Path | None) -> None:
    if output is None:
        click.echo(text)
        return
    import tempfile  # only here: it imports shutil, random and more

    try:
        fd, tmp = tempfile.mkstemp(dir=output.parent if str(output.parent) else ".", prefix=".assess-",
                                   suffix=".tmp")
    except OSError as exc:  # a missing or read-only directory is the operator's to fix, not a bug
        raise InputError(str(output), "--output", _m("error.cli.cannot_write", reason=os_reason(exc))) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(text, str):
                fh.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
            else:
                fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before it takes the report's name: a crash leaves the old file
            # mkstemp makes the file private (0600); a report is an ordinary file, made as the user's
            # umask says, as any other program's output would be
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(fh.fileno(), 0o666 & ~mask)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fail(exc: BaseException) -> None:
    """One line on stderr and the documented exit code; never a traceback for bad input."""
    if isinstance(exc, BrokenPipeError):  # the reader left (`assess ... | head`): nothing to report
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 — Python flushes stderr again at exit
        sys.exit(EXIT_OK)
    from .masking import scrub  # an error line may quote a value from a file: ID and phone numbers are masked

    lang = cli_lang.current()
    if isinstance(exc, InputError):
        click.echo(scrub(cli_lang.say_now("error.cli.prefix", line=exc.line(lang))), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if isinstance(exc, PluginLoadError):
        click.echo(scrub(cli_lang.say_now("error.cli.prefix", line=exc.line(lang))), err=True)
        sys.exit(EXIT_PLUGIN)
    # a library's message can run over many lines and quote the input (DuckDB's "Original Line:"
    # repeats a ledger row, names and ID numbers included): its first line only, cut short, masked
    what = scrub(_first_line(f"{type(exc).__name__}: {exc}"))
    log.error("internal error", error=what)
    click.echo(scrub(cli_lang.say_now("error.cli.internal", error=what)), err=True)
    sys.exit(EXIT_BUG)


def _first_line(text: str, limit: int = 200) -> str:
    line = (text.strip().splitlines() or [""])[0]
    line = line.split("Original Line", 1)[0].rstrip(" :|")
    return line if len(line) <= limit else line[:limit] + "…"


def _m(message_id: str, /, **params):
    """A catalog message for an error (rendered in the operator's language when printed)."""
    from .messages import Message

    return Message.of(message_id, **params)



class _Guarded(cli_lang.Group):
    """Turns jingban's errors into one line and an exit code, for every command of the group."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's own handling, except that a mistyped option or value (a usage error) is one line
        naming the option, like every other bad input, instead of click's usage block; and all of
        it, help included, in the operator's language (cli_lang)."""
        args = list(sys.argv[1:] if args is None else args)
        cli_lang.localise(self, cli_lang.decide(args))
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            from .masking import scrub

            click.echo(scrub(cli_lang.say_now("error.cli.prefix", line=cli_lang.usage_line(exc))), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(cli_lang.say_now("error.cli.aborted"), err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 — the last line of defence against tracebacks
            _fail(exc)


def _show_version(ctx, param, value):
    """click's version option, with the version read from the installed metadata only when asked."""
    if not value or ctx.resilient_parsing:
        return
    from . import __version__

    click.echo(f"assess, version {__version__}", color=ctx.color)
    ctx.exit()


@click.group(cls=_Guarded, invoke_without_command=True,
             epilog="Exit codes: 0 final result, 1 provisional result, 2 bad input, 3 plugin failed,"
                    " 4 internal error.")
@click.option("--region", "-r", help="Region id (see `assess regions`); by default the region the evidence names.")
@click.option("--evidence", "-e", type=click.Path(path_type=Path),
              help="Evidence file: TOML, or a workbook made by `assess template --format xlsx`.")
@click.option("--agreement", type=click.Path(path_type=Path), default=None,
              help="Agreement file (tianjin_ltc); overrides the one the evidence names.")
@REPORT_FORMAT
@LANG
@OPTION
@RULES_VERSION
@OUTPUT
@click.option("--show-personal", is_flag=True, help="Show names, ID and phone numbers unmasked in the report.")
@click.option("--stakes", is_flag=True,
              help="Add what is at stake to the table: the arithmetic, what each finding cost, the scores nearby"
                   " (JSON and the forms always carry it).")
@click.option("--ledgers", type=click.Path(path_type=Path), default=None,
              help="Folder of the agency's ledgers: compute the facts the rules use from them (docs/ledgers.md).")
@click.option("--engine", type=Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="Where ledger facts are computed: embedded DuckDB, or Apache Spark (extra 'spark').")
@click.option("--strict", is_flag=True, help="Any problem row in a ledger is an error, not a notice.")
@ENCODING
@CALENDAR_FILES
@CALENDAR_LAYER
@click.option("--log-format", type=Choice(["console", "json"]), default="console", show_default=True,
              help="Format of the log lines on standard error.")
@click.option("--log-level", type=Choice(["debug", "info", "warning", "error"]), default="warning",
              show_default=True, help="Least severity of the log lines written.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
@click.pass_context
def main(ctx, region, evidence, agreement, fmt, lang, options, rules_version, output, show_personal, stakes, ledgers,
         engine, strict, encoding,
         calendar_files, calendar_layer, log_format, log_level):
    """Assess a commissioned insurance agency under a region's official scoring table.

    \b
    assess --region taicang --evidence examples/taicang/2024.toml
    assess regions | template | settle | compare  (each with --help)
    """
    configure(log_format, log_level)
    if ctx.invoked_subcommand is not None:
        return
    if not evidence:
        if region:  # bad input: one line on stderr, nothing on stdout
            raise InputError(None, "--region/--evidence", _m("error.cli.region_and_evidence"))
        click.echo(ctx.get_help())
        return
    from .api import registry
    from .engine import assess_evidence
    from .evidence import load_evidence
    from .report.assessment import render as render_result

    _refuse_binary_to_terminal(fmt, output)
    if region:
        registry().load(region)  # an unknown or broken region is reported before the evidence is read
    ev = load_evidence(evidence, agreement, tuple(calendar_files))
    if not region:  # the evidence names its region (region = "taicang"): --region may be left out
        if not ev.region:
            raise InputError(str(evidence), "--region", _m("error.cli.no_region"))
        region = ev.region
        try:
            registry().load(region)
        except RegionNotFound as exc:  # the region came from the file: the file and its key are at fault
            raise RegionNotFound(str(evidence), f"region = {region}", exc.message) from None
    sources = None
    if ledgers is not None or ev.ledgers is not None:
        from .ledgers.sources import Sources

        folder = ledgers if ledgers is not None else Path(ev.base_dir) / ev.ledgers
        sources = Sources(folder=folder, engine=engine, strict=strict, calendar_files=tuple(calendar_files),
                          calendar_layer=calendar_layer, encoding=encoding)
    if sources is None and (calendar_files or calendar_layer):
        # no ledger is read, so no deadline is counted: the calendar is still checked, so a broken
        # --calendar file is found the day it is given, not the day ledgers come with it
        from .workdays import load_calendar

        load_calendar(tuple(calendar_files), calendar_layer)
    if agreement is not None and not registry().load(region).spec.needs_agreement:
        raise InputError(None, "--agreement", _m("error.cli.no_agreement_taken", region=region))
    # what is at stake re-assesses the evidence once per finding and counted fact: the terminal
    # table, read at a glance (and timed against `import click`, docs/performance.md), adds it
    # when asked; JSON and the forms always carry it
    result = assess_evidence(registry(), region, ev, _options(options), sources=sources, agreement=agreement,
                             stakes=stakes or fmt != "table", rules_version=rules_version)
    if fmt == "json":
        from .report.jsondoc import dumps, result_doc  # only for JSON: a table needs neither it nor json

        text = dumps(result_doc(result, lang))
        if not show_personal:
            from .masking import scrub
            text = scrub(text)
    elif fmt in ("xlsx", "docx"):
        from .engine import ruleset_for
        from .forms.build import build

        rs = ruleset_for(registry(), region, _options(options), ev, agreement, rules_version)
        forms = build(result, rs, lang, show_personal)
        if fmt == "xlsx":
            from .forms.data_sheet import flat_table, items_table
            from .forms.xlsx import render as render_xlsx
            from .report.jsondoc import result_doc

            doc = result_doc(result, lang)
            tables = tuple(t for t in (items_table(doc, lang), flat_table(doc, lang)) if t is not None)
            _emit_binary(render_xlsx(forms, tables, show_personal), output)  # type: ignore[arg-type]
        else:
            from .forms.docx import render_result as render_docx

            _emit_binary(render_docx(forms, result, show_personal), output)  # type: ignore[arg-type]
        ctx.exit(EXIT_PROVISIONAL if result.provisional else EXIT_OK)
    elif fmt in ("html", "pdf"):
        from .engine import ruleset_for
        from .forms.build import build
        from .forms.html import render as render_html

        rs = ruleset_for(registry(), region, _options(options), ev, agreement, rules_version)
        text = render_html(build(result, rs, lang, show_personal), show_personal)
        if fmt == "pdf":
            from .forms.pdf import html_to_pdf

            _emit_binary(html_to_pdf(text), output)  # type: ignore[arg-type]  # checked: pdf has -o
            ctx.exit(EXIT_PROVISIONAL if result.provisional else EXIT_OK)
    else:
        text = render_result(result, lang, show_personal)
    _emit(text, output)
    ctx.exit(EXIT_PROVISIONAL if result.provisional else EXIT_OK)


@main.command()
@FORMAT
@LANG
def regions(fmt, lang):
    """List installed regions: distribution, version, rules version, source document; broken plugins
    are listed with their error."""
    from .api import registry
    from .engine import ruleset_for
    from .messages import pick
    from .report.jsondoc import dumps
    from .report.regions import render_regions

    reg = registry()
    docs = []
    for st in reg.survey():
        if st.loaded is None:
            docs.append({"region": st.name, "distribution": st.distribution, "version": st.version,
                         "error": st.error})
            continue
        try:
            rs = ruleset_for(reg, st.name, {}, None, None) if not st.loaded.spec.needs_agreement else None
        except (InputError, PluginLoadError) as exc:
            docs.append({"region": st.name, "distribution": st.distribution, "version": st.version,
                         "error": str(exc)})
            continue
        spec = st.loaded.spec
        version = rs.region.rules_version if rs else _peek_rules(spec.rules_file, "rules_version")
        doc = rs.region.document.id if rs else _peek_rules(spec.rules_file, "document")
        # a region with dated rule sets lists every version it ships, the default first
        older = [_peek_rules(p, "rules_version") for p in spec.versions]
        docs.append({"region": st.name, "distribution": st.distribution, "version": st.version,
                     "rules_version": version, "rules_versions": [version, *older], "document": doc,
                     "title": pick(spec.title_zh, spec.title_en, lang),
                     "hooks": list(st.loaded.hooks), "error": None})
    if fmt == "json":
        click.echo(dumps({"regions": docs}))
        return
    click.echo(render_regions(docs, lang))


def _peek_rules(path: Path, key: str) -> str:
    import tomllib
    try:
        region = tomllib.loads(Path(path).read_text(encoding="utf-8"))["region"]
        return region[key] if key != "document" else region["document"]["id"]
    except Exception:  # noqa: BLE001 — a listing shows what it can
        return "?"


@main.command()
@click.option("--region", "-r", required=True, help="Region id.")
@click.option("--agreement", type=click.Path(path_type=Path), help="Agreement file (regions that need one).")
@click.option("--format", "fmt", type=Choice(["toml", "xlsx"]), default="toml", show_default=True,
              help="A commented TOML skeleton, or a fill-in XLSX workbook for Excel, WPS or LibreOffice (needs -o).")
@LANG
@OPTION
@RULES_VERSION
@OUTPUT
def template(region, agreement, fmt, lang, options, rules_version, output):
    """Print an evidence skeleton with every item of the region, commented; or write the fill-in
    workbook (--format xlsx)."""
    from .api import registry
    from .engine import ruleset_for

    _refuse_binary_to_terminal(fmt, output)
    reg = registry()
    opts = _options(options)
    rs = ruleset_for(reg, region, opts, None, agreement, rules_version)
    needs = reg.load(region).spec.needs_agreement
    if fmt == "xlsx":
        from .workbook.layout import layout_for
        from .workbook.write import render_workbook

        data = {}
        if agreement is not None:  # relative to the workbook, as the evidence's paths are
            data["agreement"] = Path(os.path.relpath(agreement.resolve(), output.resolve().parent)).as_posix()
        meta = {"options": ";".join(f"{k}={v}" for k, v in sorted(opts.items()))}
        _emit_binary(render_workbook(layout_for(rs, lang, needs_agreement=needs), data, meta), output)
        return
    from .report.template import render_template

    _emit(render_template(rs, lang, needs_agreement=needs, agreement=str(agreement) if agreement else None), output)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The converted file: .xlsx for a TOML evidence file, .toml for a workbook.")
@click.option("--region", "-r", default=None, help="Region id, when the TOML file names none.")
@click.option("--agreement", type=click.Path(path_type=Path), help="Agreement file (regions that need one).")
@LANG
def convert(source, output, region, agreement, lang):
    """Convert an evidence file between TOML and the XLSX workbook; the two hold the same evidence
    (checked before anything is written)."""
    from .workbook.sniff import is_workbook

    to_xlsx = output.suffix.lower() == ".xlsx"
    if is_workbook(source) == to_xlsx or output.suffix.lower() not in (".xlsx", ".toml"):
        raise InputError(str(output), "--output", _m("error.workbook.convert_kind"))
    if to_xlsx:
        from .workbook.convert import toml_to_workbook

        _emit_binary(toml_to_workbook(source, output, lang, region, agreement), output)
    else:
        from .workbook.convert import workbook_to_toml

        _emit(workbook_to_toml(source, output, agreement), output)


@main.command()
@click.option("--region", "-r", required=True, help="Region id.")
@click.option("--score", "-s", default=None, help="The total score, e.g. 87.5 (not needed where no money depends on it).")
@click.option("--fee", "-f", default=None, help="The year's fee the region's rules name (yuan), e.g. 1500000.")
@click.option("--agreement", type=click.Path(path_type=Path), help="Agreement file (regions that need one).")
@REPORT_FORMAT
@LANG
@OPTION
@RULES_VERSION
@OUTPUT
def settle(region, score, fee, agreement, fmt, lang, options, rules_version, output):
    """What a score pays under the region's rules: withheld, deduction rate, deducted, paid out,
    returned to the fund, and what follows."""
    from .api import registry
    from .engine import ruleset_for, settle_score
    from .kinds import SettlementKind
    from .messages import label, pick
    from .report.assessment import settlement_lines
    from .report.jsondoc import dumps
    from .report.text import pts, punct

    _refuse_binary_to_terminal(fmt, output)
    s_val = _decimal_arg(score, "--score") if score is not None else None
    f_val = _decimal_arg(fee, "--fee") if fee is not None else None
    if f_val is not None and f_val < 0:
        raise InputError(None, "--fee", _m("error.cli.negative", value=fee))
    rs = ruleset_for(registry(), region, _options(options), None, agreement, rules_version)
    if s_val is None and rs.settlement.kind is not SettlementKind.NONE:
        raise InputError(None, "--score", _m("error.cli.score_missing"))
    st = settle_score(registry(), region, s_val, f_val, _options(options), agreement, rules_version)
    from .report.stakes import steps_lines
    from .stakes import settlement_steps

    arithmetic = settlement_steps(rs, st)
    if fmt == "json":
        _emit(dumps(settle_json(region, s_val, st, lang, arithmetic)), output)
        return
    if fmt in ("html", "pdf", "xlsx", "docx"):
        from .forms.pages import settle_page

        _emit_page(settle_page(rs, st, lang), fmt, output, doc=settle_json(region, s_val, st, lang, arithmetic))
        return
    grade = pick(st.grade.title_zh, st.grade.title_en, lang) if st.grade else "—"
    c = punct(lang)[0]
    shown = pts(s_val, rs.region.points_places)  # at the rules' places, as every report prints points
    lines = [f"{region}  {label('score', lang)}{c}{shown}  {label('grade', lang)}{c}{grade}"]
    lines.extend(settlement_lines(st, lang))
    lines.extend(steps_lines(arithmetic, lang))
    _emit("\n".join(lines), output)


def settle_json(region: str, score: Decimal | None, st, lang: str, arithmetic) -> dict:
    """What `settle --format json` prints, and the JSON sheet of `settle --format xlsx`."""
    from .report.jsondoc import settlement_doc
    from .report.stakes import steps_doc

    doc = {"region": region, "score": None if score is None else str(score), "grade": st.grade.id if st.grade else None}
    doc.update(settlement_doc(st, lang) or {})
    doc["arithmetic"] = steps_doc(arithmetic, lang)  # "steps" is the settlement's count of steps
    return doc


def _emit_page(forms, fmt: str, output: Path | None, doc: dict | None = None) -> None:
    """A page of forms (settle, compare) as HTML, printed to PDF, or as a workbook (with the JSON's
    data as its last sheet). A document (docx) is Kaifeng's report or an assessment's cover letter:
    a page of settle or compare is neither, and is refused in one line."""
    if fmt == "docx":
        raise InputError(None, "--format docx", _m("error.cli.docx_not_here"))
    if fmt == "xlsx":
        from .forms.data_sheet import flat_table
        from .forms.xlsx import render as render_xlsx

        tables = (flat_table(doc, forms.lang),) if doc is not None else ()
        _emit_binary(render_xlsx(forms, tables, True), output)  # type: ignore[arg-type]
        return
    from .forms.html import render as render_html

    text = render_html(forms, True)  # settle and compare show no personal data
    if fmt == "pdf":
        from .forms.pdf import html_to_pdf

        _emit_binary(html_to_pdf(text), output)  # type: ignore[arg-type]
        return
    _emit(text, output)


def _decimal_arg(text: str, name: str) -> Decimal:
    from .amounts import MONEY_PLACES, parse_bounded

    return parse_bounded(text, name, MONEY_PLACES if name == "--fee" else None)


@main.command()
@click.option("--regions", "region_list", required=True, help="Comma-separated region ids, e.g. qinhuangdao,taicang.")
@click.option("--evidence", "-e", "evidence_files", multiple=True, type=click.Path(path_type=Path),
              help="Evidence TOML file; repeat for several agencies or years (each is scored under every region).")
@click.option("--rules", "rules_only", is_flag=True,
              help="Compare the regions' rules themselves, with no evidence: full marks by category, what common"
                   " violations cost, the payout at 100, 95, ... 60 points.")
@click.option("--fee", "-f", default=None,
              help="With --rules: the reference fee (yuan) every region's money is computed on [default 1000000].")
@click.option("--agreement", type=click.Path(path_type=Path), default=None,
              help="Agreement file for a region that needs one (tianjin_ltc), when the evidence names none.")
@REPORT_FORMAT
@LANG
@OUTPUT
def compare(region_list, evidence_files, rules_only, fee, agreement, fmt, lang, output):
    """Score evidence files under several regions, side by side: total (or the range it can still
    take), grade, money paid and deducted, what follows. A region the evidence cannot assess at all
    gets no total, grade or money, and says what it would need.

    With --rules instead of --evidence: the regions' rules side by side, with no evidence."""
    _refuse_binary_to_terminal(fmt, output)
    if rules_only and evidence_files:
        raise InputError(None, "--rules/--evidence", _m("error.cli.rules_or_evidence"))
    if not rules_only and not evidence_files:
        raise InputError(None, "--rules/--evidence", _m("error.cli.rules_or_evidence_missing"))
    if fee is not None and not rules_only:
        raise InputError(None, "--fee", _m("error.cli.fee_for_rules"))

    from .api import registry
    from .engine import assess_evidence
    from .evidence import load_evidence
    from .report.compare import compare_doc, render_compare
    from .report.jsondoc import dumps

    ids = [x.strip() for x in region_list.split(",") if x.strip()]
    if not ids:
        raise InputError(None, "--regions", _m("error.cli.no_regions"))
    for rid in ids:
        registry().load(rid)
    if rules_only:
        _compare_rules(ids, fee, agreement, fmt, lang, output)
        return
    seen: set[Path] = set()
    evidence = []
    for f in evidence_files:
        if f.resolve() in seen:
            raise InputError(str(f), "--evidence", _m("error.cli.given_twice"))
        seen.add(f.resolve())
        evidence.append(load_evidence(f, agreement))
    results = [assess_evidence(registry(), rid, ev, {}, foreign_ok=True, agreement=agreement)
               for ev in evidence for rid in ids]
    if fmt in ("html", "pdf", "xlsx", "docx"):
        from .forms.pages import compare_page

        _emit_page(compare_page(results, lang), fmt, output, doc=compare_doc(results, lang))
    else:
        _emit(dumps(compare_doc(results, lang)) if fmt == "json" else render_compare(results, lang), output)
    sys.exit(EXIT_PROVISIONAL if any(r.provisional for r in results) else EXIT_OK)


def _compare_rules(ids: list[str], fee: str | None, agreement: Path | None, fmt: str, lang: str,
                   output: Path | None) -> None:
    from .report.jsondoc import dumps
    from .report.rules_compare import REFERENCE_FEE, compare_rules, render_rules, rules_doc

    if len(set(ids)) != len(ids):
        raise InputError(None, "--regions", _m("error.cli.region_twice"))
    f_val = REFERENCE_FEE if fee is None else _decimal_arg(fee, "--fee")
    if f_val <= 0:
        raise InputError(None, "--fee", _m("error.cli.not_positive", value=fee))
    cmp = compare_rules(ids, f_val, agreement)
    if fmt in ("html", "pdf", "xlsx", "docx"):
        from .forms.pages import rules_page

        _emit_page(rules_page(cmp, lang), fmt, output, doc=rules_doc(cmp, lang))
        return
    _emit(dumps(rules_doc(cmp, lang)) if fmt == "json" else render_rules(cmp, lang), output)


@main.command()
@click.option("--region", "-r", required=True, help="Region id: which facts to compute (those its rules use).")
@click.option("--ledgers", required=True, type=click.Path(path_type=Path), help="Folder of the agency's ledgers.")
@click.option("--year", type=Int(), default=None, help="Assessment year (default: the year of the claims).")
@click.option("--from", "start", default=None, help="Period start, YYYY-MM-DD (with --to, instead of --year).")
@click.option("--to", "end", default=None, help="Period end, YYYY-MM-DD.")
@click.option("--engine", type=Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="Where ledger facts are computed: embedded DuckDB, or Apache Spark (extra 'spark').")
@click.option("--strict", is_flag=True, help="Any problem row in a ledger is an error, not a notice.")
@ENCODING
@CALENDAR_FILES
@CALENDAR_LAYER
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the facts here (an evidence fragment to include); default standard output.")
@LANG
@OPTION
def collect(region, ledgers, year, start, end, engine, strict, encoding, calendar_files, calendar_layer, output, lang,
            options):
    """Compute the region's facts from the agency's ledgers and write them as evidence TOML that an
    evidence file includes (include = ["facts.toml"])."""
    from .api import registry
    from .engine import ruleset_for
    from .evidence import Period
    from .ledgers.collect import collect_facts
    from .ledgers.sources import Sources
    from .ledgers.period import infer_year
    from .ledgers.write import facts_toml
    from .workdays import load_calendar

    rs = ruleset_for(registry(), region, _options(options), None, None)
    eng = Sources(engine=engine).make_engine()
    try:
        period = _period(year, start, end) or Period(*_year_bounds(infer_year(ledgers, eng, encoding)))
        col = collect_facts(rs, ledgers, period, eng, load_calendar(tuple(calendar_files), calendar_layer),
                            strict=strict, encoding=encoding)
    finally:
        eng.close()
    _emit(facts_toml(region, period, str(ledgers), engine, col, lang), output)
    for p in col.problems:
        click.echo(cli_lang.say_now("error.cli.warning", line=p.message().render(cli_lang.current())), err=True)
    sys.exit(EXIT_PROVISIONAL if col.problems or col.skipped else EXIT_OK)


def _year_bounds(year: int):
    import datetime as dt
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _period(year, start, end) -> Period | None:
    import datetime as dt

    from .evidence import Period
    if year is not None:
        if start or end:
            raise InputError(None, "--year", _m("error.cli.year_or_range"))
        return Period(*_year_bounds(year))
    if start is None and end is None:
        return None
    try:
        a, b = dt.date.fromisoformat(start or ""), dt.date.fromisoformat(end or "")
    except ValueError:
        raise InputError(None, "--from/--to", _m("error.cli.two_dates")) from None
    if b < a:
        raise InputError(None, "--to", _m("error.cli.to_before_from", end=b.isoformat(), start=a.isoformat()))
    return Period(a, b)


from .cli_calendar import calendar  # noqa: E402
main.add_command(calendar)
from .cli_kit import new_region, rules  # noqa: E402
main.add_command(rules)
main.add_command(new_region)


@main.command("demo-data")
@click.option("--claims", "-n", type=Int(), default=10000, show_default=True, help="Number of claims to write.")
@click.option("--seed", "-s", type=Int(), default=1, show_default=True, help="Seed: the same seed gives the same files.")
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the ledgers into.")
@click.option("--year", type=Int(), default=2024, show_default=True, help="Year the claims fall in.")
@click.option("--region", "-r", default=None, help="Use this region's product codes (default resident, employee).")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV instead of Parquet.")
@click.option("--format", "fmt", type=Choice(["parquet", "csv", "xlsx"]), default=None,
              help="File format: parquet (default), csv, or xlsx (as an agency's system exports: Chinese "
              "column names, typed cells; at most 1,048,575 claims).")
@click.option("--compression", type=Choice(["snappy", "zstd", "lz4", "gzip", "uncompressed"]), default="snappy",
              show_default=True, help="Parquet compression (snappy is what pandas, pyarrow, Spark and DuckDB write "
              "by default).")
def demo_data(claims, seed, output, year, region, as_csv, fmt, compression):
    """Write realistic synthetic ledgers (seeded, reproducible) for trying `assess collect`."""
    from .ledgers.demo import write_demo

    products = ("resident", "employee")
    if region:
        from .api import registry
        from .engine import ruleset_for

        rs = ruleset_for(registry(), region, {}, None, None)
        products = rs.ledger.products or tuple(p.id for p in rs.products) or products
    fmt = fmt or ("csv" if as_csv else "parquet")
    for path in write_demo(output, claims, seed, year=year, products=products, fmt=fmt,
                           compression=compression):
        click.echo(str(path))


def run() -> None:
    """The command as a process of its own: the `assess` console script and `python -m jingban`
    call it (through `jingban.__main__.run`, which sets the garbage collector up first)."""
    import gc

    try:
        main()
    finally:
        # The process ends here, and what is alive now stays alive until it does. Freezing it
        # spares the interpreter's garbage collections on the way out from walking every class,
        # record and parsed file again (about 10 ms, as long as the Taicang example's whole
        # assessment; docs/performance.md). Streams are flushed at exit as before; garbage made
        # after this point is still collected.
        # Not after a ledger run: DuckDB's bindings (nanobind, duckdb 2) report every object still
        # alive at exit as "leaked", sixty lines on stderr; such a run takes seconds, not 10 ms.
        import sys

        if "duckdb" not in sys.modules:
            gc.freeze()
