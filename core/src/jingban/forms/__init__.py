"""The official forms of a region's document, filled from a result: a renderer-neutral layout
(`layout`), built from the rules file's `[[forms]]` (`build`, `settlement_page`), printed as one
self-contained HTML file (`html`) and, from it, as PDF by a headless browser (`pdf`).
docs/reports.md says what each form holds and where its columns come from."""
