"""Fill the Taicang evidence workbook in LibreOffice Calc, headless, through UNO, with the values of
examples/taicang/2024.toml, and save it from Calc as .xlsx: the workbook as an inspector's office
suite writes it, not as openpyxl does. Run with the system Python that has LibreOffice's `uno`:

    uv run assess template --region taicang --format xlsx -o /tmp/tc-template.xlsx
    /usr/bin/python3 examples/workbook/fill_in_calc.py /tmp/tc-template.xlsx /tmp/tc-filled.xlsx
    uv run assess --evidence /tmp/tc-filled.xlsx        # 91.64, as examples/taicang/2024.toml
"""
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

EXAMPLE = Path(__file__).resolve().parents[1] / "taicang" / "2024.toml"
TEMPLATE, FILLED = (Path(a).resolve() for a in sys.argv[1:3])
ex = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
proc = subprocess.Popen(["soffice", "--headless", "--norestore", "--accept=socket,host=localhost,port=2002;urp;"])
ctx = None
for _ in range(60):
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = resolver.resolve("uno:socket,host=localhost,port=2002;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
doc = desktop.loadComponentFromURL(TEMPLATE.as_uri(), "_blank", 0, (prop("Hidden", True),))
sheets = doc.Sheets
def sheet(name):
    s = sheets.getByName(name)
    return s
def rows(s):
    out = {}
    r = 1
    while True:
        v = s.getCellByPosition(0, r).getString()
        if not v:
            break
        out[v] = r
        r += 1
    return out
def put(s, col, row, value):
    c = s.getCellByPosition(col, row)
    if isinstance(value, (int, float)):
        c.setValue(value)
    else:
        c.setString(str(value))
base = sheet("基本信息"); b = rows(base)
put(base, 1, b["被考核机构"], ex["agency"])
put(base, 1, b["年度服务性收益"], float(ex["fee"]))
put(base, 1, b["考核期起"], "2024-01-01")
put(base, 1, b["考核期止"], "2024-12-31")
items = sheet("考核项目"); it = rows(items)
for item_id, row in it.items():
    put(items, 3, row, "是")
    r = ex["ratings"][item_id]
    put(items, 4, row, float(r["system"])); put(items, 5, row, float(r["implemented"])); put(items, 6, row, float(r["service"]))
    if r.get("note"):
        put(items, 7, row, r["note"])
facts = sheet("事实"); fr = rows(facts)
for name, value in ex["facts"].items():
    if isinstance(value, dict):
        put(facts, 4, fr[name], float(value["value"])); put(facts, 5, fr[name], value["source"])
    else:
        put(facts, 4, fr[name], float(value))
bonus = sheet("加分")
for n, claim in enumerate(ex.get("bonus", [])):
    put(bonus, 0, n + 1, claim["kind"]); put(bonus, 1, n + 1, float(claim["points"]))
    put(bonus, 2, n + 1, claim["description"])
    if "date" in claim:
        put(bonus, 3, n + 1, str(claim["date"]))
doc.storeToURL(FILLED.as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
proc.wait(timeout=30)
print(f"saved {FILLED}")
