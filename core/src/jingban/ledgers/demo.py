"""Synthetic ledgers for demonstrations, tests and benchmarks (`assess demo-data`).

Everything is drawn from a pure-arithmetic hash of (row, stream, seed) inside DuckDB, so the same
seed gives the same files on any machine and any number of threads, and 10M claims take seconds.
Names, ID and phone numbers in the survey are obviously fake (虚构).

`fmt="xlsx"` writes each ledger as a workbook the way an agency's system exports one: the Chinese
column names (docs/ledgers.md), dates as date cells, yes/no as TRUE/FALSE, amounts as numbers, one
sheet named for the ledger's Chinese title. XlsxWriter writes it row by row in constant memory
(1M claims take about a minute: docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import InputError
from ..messages import Message

POSTS = ("payout", "remote_audit", "health_management", "inspection", "hospital_rep", "expert_review",
         "smart_review", "window_settlement", "other")


def _u(i: str, stream: int, seed: int) -> str:
    """SQL for a uniform number in [0, 1) from row expression `i` (Knuth multiplicative hash, mixed)."""
    h = f"((({i}) + 1) * 2654435761 + {stream * 97 + 13} * 40503 + {seed} * 1000003) % 4294967296"
    h = f"(xor({h}, ({h}) >> 15) * 1597334677) % 4294967296"
    return f"((xor({h}, ({h}) >> 13)) % 1000003) / 1000003.0"


def write_demo(out: Path, claims: int, seed: int, *, year: int = 2024, products: tuple[str, ...] = ("resident", "employee"),
               fmt: str = "parquet", institutions: int = 60, compression: str = "snappy") -> list[Path]:
    """Write the six ledgers of `claims` claims to `out`. Parquet is compressed with `compression`:
    snappy by default, as pandas, pyarrow, Spark and DuckDB write it unless told otherwise, so the
    files look like an agency's export (zstd files are half the size and ~0.1 s slower to read at
    10M claims: docs/performance.md)."""
    import duckdb

    if claims < 0:
        raise InputError(None, "--claims", Message.of("error.ledger.demo.negative_claims"))
    if fmt == "xlsx" and claims > XLSX_ROWS - 1:  # refused before any file is written
        raise InputError(None, "--claims", Message.of("error.ledger.demo.xlsx_rows", rows=XLSX_ROWS - 1))
    if compression not in ("snappy", "zstd", "lz4", "gzip", "uncompressed"):
        raise InputError(None, "--compression", Message.of("error.ledger.demo.compression", name=compression))
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    start = dt.date(year, 1, 1)
    days = (dt.date(year, 12, 31) - start).days + 1
    u = lambda k: _u("i", k, seed)  # noqa: E731
    prod_case = " ".join(f"WHEN {u(1)} < {(n + 1) / len(products):.6f} THEN '{p}'" for n, p in enumerate(products))
    delay = (f"CASE WHEN {u(7)} < 0.01 THEN NULL "  # unpaid
             f"WHEN {u(7)} < 0.06 THEN 30 + CAST(floor({u(8)} * 40) AS INTEGER) "  # slow
             f"ELSE 1 + CAST(floor({u(8)} * 26) AS INTEGER) END")
    claims_sql = f"""
        SELECT
          'C' || lpad(CAST(i AS VARCHAR), 9, '0') AS claim_id,
          CASE {prod_case} ELSE '{products[-1]}' END AS product,
          {u(2)} < 0.7 AS in_city,
          CASE WHEN {u(3)} < 0.03 THEN 'wubao' WHEN {u(3)} < 0.08 THEN 'dibao'
               WHEN {u(3)} < 0.10 THEN 'severe_disability' ELSE 'other' END AS claimant_category,
          DATE '{start}' + CAST(floor({u(4)} * {days - 40}) AS INTEGER) AS submitted,
          DATE '{start}' + CAST(floor({u(4)} * {days - 40}) AS INTEGER) + ({delay}) AS paid,
          CAST(round(100 + pow({u(5)}, 3) * 60000, 2) AS DECIMAL(18,2)) AS amount,
          {u(6)} < 0.2 AS remote,
          {u(9)} < 0.3 AS cash,
          {u(10)} < 0.6 AS verified,
          {u(11)} < 0.4 AS inpatient,
          {u(12)} < 0.995 AS first_review,
          {u(13)} < 0.06 AS second_review
        FROM range({claims}) t(i)
    """
    files = []

    def save(name: str, sql: str) -> None:
        path = out / f"{name}.{fmt}"
        if fmt == "xlsx":
            _save_xlsx(con, name, sql, path)
            files.append(path)
            return
        target = str(path).replace("'", "''")
        opts = f"FORMAT parquet, COMPRESSION {compression}, ROW_GROUP_SIZE 1000000" if fmt == "parquet" else "FORMAT csv, HEADER"
        con.execute(f"COPY ({sql}) TO '{target}' ({opts})")
        files.append(path)

    save("claims", claims_sql)
    n_inst = institutions
    save("hospital_settlements", f"""
        SELECT 'H' || lpad(CAST(i % {n_inst} AS VARCHAR), 4, '0') AS institution,
               strftime(DATE '{start}' + INTERVAL (i // {n_inst}) MONTH, '%Y-%m') AS month,
               CAST(DATE '{start}' + INTERVAL (i // {n_inst} + 1) MONTH AS DATE) + CAST(floor({u(20)} * 5) AS INTEGER) AS declared,
               {u(21)} < 0.97 AS reviewed,
               CAST(DATE '{start}' + INTERVAL (i // {n_inst} + 1) MONTH AS DATE) + CAST(floor({u(20)} * 5) AS INTEGER) + CAST(floor({u(22)} * 45) AS INTEGER) AS paid
        FROM range({n_inst * 12}) t(i)""")
    save("special_audits", f"""
        SELECT 'H' || lpad(CAST(i AS VARCHAR), 4, '0') AS institution,
               DATE '{start}' + CAST(floor({u(30)} * {days}) AS INTEGER) AS date
        FROM range({n_inst}) t(i) WHERE {u(31)} < 0.92""")
    save("monthly_reports", f"""
        SELECT strftime(DATE '{start}' + INTERVAL (i) MONTH, '%Y-%m') AS month,
               CAST(DATE '{start}' + INTERVAL (i + 1) MONTH AS DATE) + CAST(floor({u(40)} * 33) AS INTEGER) AS submitted
        FROM range(12) t(i)""")
    posts = ", ".join(f"'{p}'" for p in POSTS)
    save("staff", f"""
        SELECT strftime(DATE '{start}' + INTERVAL (i // 30) MONTH, '%Y-%m') AS month,
               'S' || lpad(CAST(i % 30 AS VARCHAR), 4, '0') AS staff_id,
               list_extract([{posts}], 1 + CAST(floor({_u('i % 30', 50, seed)} * {len(POSTS)}) AS INTEGER)) AS post,
               {_u('i % 30', 51, seed)} < 0.9 AS full_time,
               {_u('i % 30', 52, seed)} < 0.8 AS medical
        FROM range(360) t(i) WHERE NOT (i % 30 = 29 AND i // 30 >= 6)""")
    save("survey", f"""
        SELECT 'A-' || lpad(CAST(i AS VARCHAR), 4, '0') AS file_no,
               '虚构' || CAST(i AS VARCHAR) AS name,
               '000000' || strftime(DATE '1950-01-01' + CAST(floor({u(60)} * 20000) AS INTEGER), '%Y%m%d')
                 || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') AS id_number,
               '1990000' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') AS phone,
               {u(61)} < 0.8 AS is_self,
               TRUE AS received_payment,
               CASE WHEN {u(62)} < 0.8 THEN '好' ELSE '一般' END AS attitude,
               '' AS improvement,
               {u(63)} < 0.97 AS satisfied
        FROM range(200) t(i)""")
    con.close()
    return files


XLSX_ROWS = 1_048_576  # Excel's last row: a sheet holds the header and 1,048,575 rows


def _save_xlsx(con, name: str, sql: str, path: Path) -> None:
    """The ledger `sql` selects, as an agency's XLSX export (Chinese header, typed cells)."""
    import xlsxwriter

    from .schema import LEDGERS

    ledger = LEDGERS[name]
    cur = con.execute(sql)
    columns = [d[0] for d in cur.description]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "default_date_format": "yyyy-mm-dd"})
    try:
        ws = wb.add_worksheet(ledger.title_zh[:31])
        ws.write_row(0, 0, [ledger.column(c).zh for c in columns])
        ws.set_column(0, len(columns) - 1, 14)  # wide enough for a claim id and a date
        ws.freeze_panes(1, 0)
        row = 1
        while batch := cur.fetchmany(50_000):
            if row + len(batch) > XLSX_ROWS:
                raise InputError(None, "--claims", Message.of("error.ledger.demo.xlsx_rows", rows=XLSX_ROWS - 1))
            for values in batch:
                ws.write_row(row, 0, values)
                row += 1
    finally:
        wb.close()
