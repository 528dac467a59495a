"""`python -m jingban` and the `assess` console script: the `assess` command as a process of its own."""

import gc


def run() -> None:
    # A command's start is imports: click, modules, classes, attrs' generated methods and the rules
    # read, which all live until the process ends. With the interpreter's default threshold (700)
    # the youngest generation is collected some 50 times on the way, each collection walking
    # objects none of which is garbage (6.5 ms of the Taicang example's 97; docs/performance.md).
    # Collected every 50,000 allocations instead, a cycle of garbage still goes, only later: a long
    # ledger run keeps at most that many more objects waiting. Set here, before the CLI is
    # imported, and only for the process of its own: a program that imports jingban keeps its
    # own settings.
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    from .cli import run as command

    command()


if __name__ == "__main__":
    run()
