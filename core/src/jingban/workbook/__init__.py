"""The evidence workbook (docs/evidence-format.md, "The workbook"): the fill-in XLSX an inspector
makes with `assess template --format xlsx`, and its reader.

`layout` says what the workbook holds for a rule set: the header fields, the items sheet (its
columns given by each rule shape, `Shape.workbook_inputs`), the facts sheet and the sheets of rows
(the core's findings, bonus claims and fund losses; an evidence section's own, such as the survey,
`Section.workbook_tables`). `write` lays it out with XlsxWriter; `read` reads it back with openpyxl
into the plain structure a TOML file parses to, each value's key path mapped to the cell it came
from, and hands that to the evidence reader: one set of checks for both forms, and every error
names the sheet and the cell. `cells` turns one cell's value into the value the TOML would hold.
"""
