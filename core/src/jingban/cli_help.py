"""The Chinese of `assess`'s help texts, keyed by the English the code writes.

The code keeps its help in English, next to the options it describes; an invocation in Chinese
(the default; cli_lang) shows these instead. tests/test_cli_lang.py checks that every help text
of every command and option has its Chinese here, and that none is left over. Translated, not
copied: the Chinese says what the English says, in the words a bureau's staff use.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "Assess a commissioned insurance agency under a region's official scoring table.\n\n\x08\nassess --region taicang --evidence examples/taicang/2024.toml\nassess regions | template | settle | compare  (each with --help)":
        '按地区的官方评分表考核受托经办的商业保险机构。\n\n\x08\nassess --region taicang --evidence examples/taicang/2024.toml\nassess regions | template | settle | compare  （各命令均可加 --help）',
    'Exit codes: 0 final result, 1 provisional result, 2 bad input, 3 plugin failed, 4 internal error.':
        '退出码：0 正式结果，1 临时结果，2 输入有误，3 地区插件出错，4 内部错误。',
    'Region id (see `assess regions`); by default the region the evidence names.':
        '地区编号（见 assess regions）；不写时取证据文件写明的地区。',
    'Evidence file: TOML, or a workbook made by `assess template --format xlsx`.':
        '证据文件：TOML，或由 assess template --format xlsx 生成的工作簿。',
    'Agreement file (tianjin_ltc); overrides the one the evidence names.':
        '协议文件（tianjin_ltc），优先于证据文件中写明的协议。',
    'Table for people, JSON (decimals as strings) for programs.':
        'table 供人阅读，json（小数以字符串表示）供程序读取。',
    'Table for people, JSON (decimals as strings) for programs, the official forms as one self-contained HTML'
    ' file, as PDF (printed by Chromium), as an XLSX workbook (a sheet per form and the data), or as a DOCX'
    " document (Kaifeng's self-inspection report; a cover letter elsewhere). PDF, XLSX and DOCX need -o.":
        'table 供人阅读，json（小数以字符串表示）供程序读取，html 为正式表单（单个自包含 HTML 文件），'
        'pdf 为其打印件（由 Chromium 打印），xlsx 为 Excel 工作簿（每张表单一个工作表，另附数据表），'
        'docx 为 Word 文档（开封的自查报告；其他地区为报送函）。pdf、xlsx、docx 须配合 -o。',
    'Language of the report, the help and the errors.':
        '报告、帮助和错误信息的语言。',
    'Select another reading of an ambiguous clause (see docs/interpretations.md). Repeatable.':
        '对有歧义的条款选择另一种理解（见 docs/interpretations.md）。可重复。',
    'Write the report to this file instead of standard output.':
        '把报告写入此文件，而不是标准输出。',
    'Show names, ID and phone numbers unmasked in the report.':
        '在报告中显示未遮蔽的姓名、身份证号和电话号码。',
    'Add what is at stake to the table: the arithmetic, what each finding cost, the scores nearby (JSON and the forms always carry it).':
        '在表格中加上金额测算：结算算式、每项发现的扣分及金额、得分临界点（JSON 与正式表格总是包含）。',
    "Folder of the agency's ledgers: compute the facts the rules use from them (docs/ledgers.md).":
        '经办机构台账所在文件夹：由台账计算规则所用的事实（见 docs/ledgers.md）。',
    "Where ledger facts are computed: embedded DuckDB, or Apache Spark (extra 'spark').":
        '台账事实的计算引擎：内置 DuckDB，或 Apache Spark（需安装附加组件 spark）。',
    'Any problem row in a ledger is an error, not a notice.':
        '台账中任何有问题的行都作为错误处理，而不只是提示。',
    'Encoding of CSV ledgers: auto (detected), utf-8, utf-16, gbk or gb18030 (docs/ledgers.md).':
        'CSV 台账的编码：auto（自动识别）、utf-8、utf-16、gbk 或 gb18030（见 docs/ledgers.md）。',
    'Override TOML adding years (a newly published notice) or regional layers; repeatable (docs/calendar.md).':
        '补充工作日历的 TOML 文件（新公布年份的放假安排，或地方放假层）；可重复（见 docs/calendar.md）。',
    'A regional layer of extra days off, defined in a --calendar file.':
        '在 --calendar 文件中定义的地方额外放假层。',
    'Format of the log lines on standard error.':
        '标准错误上日志行的格式。',
    'Least severity of the log lines written.':
        '写出日志的最低级别。',
    'Show the version and exit.':
        '显示版本并退出。',
    'List installed regions: distribution, version, rules version, source document; broken plugins\nare listed with their error.':
        '列出已安装的地区：发行包、版本、规则版本、依据文件；无法加载的插件连同其错误一并列出。',
    'Print an evidence skeleton with every item of the region, commented; or write the fill-in\nworkbook (--format xlsx).':
        '输出证据文件模板：列出该地区每个考核项目，全部以注释形式给出；或写出供填写的工作簿（--format xlsx）。',
    'A commented TOML skeleton, or a fill-in XLSX workbook for Excel, WPS or LibreOffice (needs -o).':
        'toml 为带注释的 TOML 模板，xlsx 为可在 Excel、WPS 或 LibreOffice 中填写的工作簿（须配合 -o）。',
    'Convert an evidence file between TOML and the XLSX workbook; the two hold the same evidence\n(checked before anything is written).':
        '在 TOML 证据文件与 XLSX 工作簿之间转换；两者所含证据相同（写出前先核对）。',
    'The converted file: .xlsx for a TOML evidence file, .toml for a workbook.':
        '转换结果文件：TOML 证据文件转为 .xlsx，工作簿转为 .toml。',
    'Region id, when the TOML file names none.':
        '地区编号（TOML 文件未写明地区时）。',
    'Region id.':
        '地区编号。',
    'Agreement file (regions that need one).':
        '协议文件（需要协议的地区）。',
    "What a score pays under the region's rules: withheld, deduction rate, deducted, paid out,\nreturned to the fund, and what follows.":
        '按地区规则计算某一得分对应的结算：预留金额、扣减比例、扣减金额、拨付金额、回流基金金额及后续处理。',
    'The total score, e.g. 87.5 (not needed where no money depends on it).':
        '总分，例如 87.5（不涉及资金的地区可不写）。',
    "The year's fee the region's rules name (yuan), e.g. 1500000.":
        '地区规则所指的年度服务费（元），例如 1500000。',
    "Score evidence files under several regions, side by side: total (or the range it can still\ntake), grade, money paid and deducted, what follows. A region the evidence cannot assess at all\ngets no total, grade or money, and says what it would need.\n\nWith --rules instead of --evidence: the regions' rules side by side, with no evidence.":
        '按多个地区的规则对证据文件评分并并列比较：总分（或仍可能的范围）、等次、拨付与扣减金额、后续处理。证据完全无法考核的地区不给总分、等次和金额，只说明还需要什么。\n\n用 --rules 代替 --evidence：不用证据，直接并列比较各地区的规则。',
    'Comma-separated region ids, e.g. qinhuangdao,taicang.':
        '以逗号分隔的地区编号，例如 qinhuangdao,taicang。',
    'Evidence TOML file; repeat for several agencies or years (each is scored under every region).':
        '证据文件（TOML）；可重复，用于多个机构或多个年度（每个文件都按每个地区评分）。',
    "Compare the regions' rules themselves, with no evidence: full marks by category, what common violations cost, the payout at 100, 95, ... 60 points.":
        '不用证据，直接比较各地区的规则：各类别满分、常见违规的代价、100、95、……60 分时的拨付金额。',
    "With --rules: the reference fee (yuan) every region's money is computed on [default 1000000].":
        '与 --rules 同用：计算各地区金额所用的参考服务费（元）[默认：1000000]。',
    'Agreement file for a region that needs one (tianjin_ltc), when the evidence names none.':
        '需要协议的地区（tianjin_ltc）所用的协议文件，在证据文件未写明协议时使用。',
    'Compute the region\'s facts from the agency\'s ledgers and write them as evidence TOML that an\nevidence file includes (include = ["facts.toml"]).':
        '由经办机构台账计算该地区的事实，写成供证据文件引用的 TOML（include = ["facts.toml"]）。',
    'Region id: which facts to compute (those its rules use).':
        '地区编号：决定计算哪些事实（其规则用到的）。',
    "Folder of the agency's ledgers.":
        '经办机构台账所在文件夹。',
    'Assessment year (default: the year of the claims).':
        '考核年度（默认：理赔所在年度）。',
    'Period start, YYYY-MM-DD (with --to, instead of --year).':
        '考核期起始日，YYYY-MM-DD（与 --to 同用，代替 --year）。',
    'Period end, YYYY-MM-DD.':
        '考核期截止日，YYYY-MM-DD。',
    'Write the facts here (an evidence fragment to include); default standard output.':
        '把事实写入此文件（供引用的证据片段）；默认写到标准输出。',
    'Mainland China working days: deadlines, counts and the State Council holiday data.\n\nA working day is Monday to Friday unless the State Council\'s notice gives it off, or a\nSaturday or Sunday it makes a working day (调休上班). The day of submission is not counted\n(民法典 第二百零一条); "within N working days" ends on the N-th working day after it.\n\n\x08\nassess calendar deadline --from 2024-02-05 --days 15\nassess calendar count --from 2024-02-05 --to 2024-03-01\nassess calendar show --year 2024 --lang en':
        '中国内地工作日：期限、天数和国务院放假安排数据。\n\n工作日为周一至周五，国务院通知放假的除外；国务院通知调休上班的周六、周日也是工作日。提交当日不计入（民法典 第二百零一条）；“N 个工作日内”截至提交后的第 N 个工作日。\n\n\x08\nassess calendar deadline --from 2024-02-05 --days 15\nassess calendar count --from 2024-02-05 --to 2024-03-01\nassess calendar show --year 2024 --lang en',
    'Counting convention, data and override files: docs/calendar.md.':
        '计数规则、数据和补充文件：见 docs/calendar.md。',
    'Print the last day of "within DAYS working days" from --from: the DAYS-th working day after\nit. A payment on that day is on time; any later day, a rest day included, is late.':
        '输出自 --from 起“DAYS 个工作日内”的最后一天，即其后第 DAYS 个工作日。当天支付为按时，此后任何一天（含休息日）为超时。',
    'Day of submission (not counted).':
        '提交日（不计入）。',
    'Working days allowed (N).':
        '允许的工作日数（N）。',
    'Submission on a rest day: not_counted (the first working day after it is day 1) or next_workday_received (deemed received on the next working day, itself not counted).':
        '休息日提交时：not_counted（其后第一个工作日为第 1 天），或 next_workday_received（视为下一个工作日收到，当日不计入）。',
    'Print the number of working days after --from up to and including --to (negative when --to\nis before --from). A payment is on time within N working days when this is at most N.':
        '输出 --from 之后至 --to（含）的工作日数（--to 早于 --from 时为负数）。N 个工作日内支付为按时，即此数不大于 N。',
    'Start (not counted).':
        '起始日（不计入）。',
    'End (counted).':
        '截止日（计入）。',
    "Print a year's days off, its make-up working days and the notice they come from.":
        '输出某年的放假日期、调休上班日期及其依据的通知。',
    'The year to show.':
        '要显示的年份。',
    'Write realistic synthetic ledgers (seeded, reproducible) for trying `assess collect`.':
        '生成逼真的合成台账（可复现，同一种子生成同样的文件），用于试用 assess collect。',
    'Number of claims to write.':
        '要生成的理赔件数。',
    'Seed: the same seed gives the same files.':
        '随机种子：同一种子生成同样的文件。',
    'Folder to write the ledgers into.':
        '台账写入的文件夹。',
    'Year the claims fall in.':
        '理赔所在年度。',
    "Use this region's product codes (default resident, employee).":
        '使用该地区的险种编码（默认 resident、employee）。',
    'Write CSV instead of Parquet.':
        '写 CSV 而不是 Parquet。',
    'File format: parquet (default), csv, or xlsx (as an agency\'s system exports: Chinese column names, typed '
    'cells; at most 1,048,575 claims).':
        '文件格式：parquet（默认）、csv 或 xlsx（与经办机构系统导出的一样：中文列名、带类型的单元格；最多 1,048,575 件理赔）。',
    'Parquet compression (snappy is what pandas, pyarrow, Spark and DuckDB write by default).':
        'Parquet 压缩方式（snappy 是 pandas、pyarrow、Spark 和 DuckDB 的默认写法）。',
    "Check a region's rules file.":
        '检查地区的规则文件。',
    'Every problem of a rules file (PATH, or the rules of an installed region id): bands that\nleave a gap or overlap, weights not adding up to 1, numbers without a citation, repeated ids,\noptions whose values do not load, unknown or unused keys. Exit 0 clean, 2 problems.':
        '列出规则文件（PATH，或已安装地区编号的规则）的全部问题：档次有空缺或重叠、权重合计不为 1、'
        '数值没有出处、编号重复、选项取值无法加载、未知或未使用的键。无问题退出码 0，有问题 2。',
    'Agreement file the rules are joined with (regions that need one).':
        '与规则合并使用的协议文件（需要协议的地区）。',
    'Write a region plugin package: pyproject with the entry point, src layout, a rules.toml with\none item of each shape, an example evidence file with its hand-computed result, and tests that\nrun the conformance suite. It passes its own tests before anything is changed.':
        '生成地区插件包：带入口点的 pyproject、src 布局、每种规则形态各一项的 rules.toml、'
        '附手算结果的示例证据文件，以及运行一致性测试的测试代码。未作任何修改前即可通过自身测试。',
    'Directory to create (default: ./jingban-<id> with dashes); it must not exist yet.':
        '要创建的目录（默认 ./jingban-<编号>，下划线改为连字符）；该目录不得已存在。',
    "Use this dated version of the region's rules (its rules_version) instead of the one the evidence's period picks.":
        '使用地区规则的指定版本（其 rules_version），而不是按证据的考核期间选定的版本。',
}

# The one-line summaries in a group's list of commands (click derives them from the English
# help, cut at a sentence end; Chinese has no spaces to cut at), by command path.
ZH_SHORT: dict[str, str] = {
    "assess regions": "列出已安装的地区",
    "assess template": "输出证据文件模板",
    "assess settle": "计算某一得分对应的结算",
    "assess compare": "按多个地区并列比较",
    "assess collect": "由台账计算事实",
    "assess calendar": "中国内地工作日",
    "assess calendar deadline": "N 个工作日的期限",
    "assess calendar count": "两个日期之间的工作日数",
    "assess calendar show": "某年的放假和调休安排",
    "assess demo-data": "生成合成台账",
    "assess rules": "检查规则文件",
    "assess rules lint": "列出规则文件的全部问题",
    "assess new-region": "生成新地区插件包",
}
