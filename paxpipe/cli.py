"""The `paxpipe` command. Each subcommand lives in paxpipe/commands/<name>.py and defines
``add_arguments(parser)`` and ``run(args) -> int``; this module only dispatches and maps errors to
exit codes in one place: 0 ok, 1 data problems found, 2 unreadable input or usage error."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["COMMANDS", "EXIT_DATA_PROBLEMS", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_DATA_PROBLEMS = 1
EXIT_USAGE = 2

# name → (module, one-line help). Modules are imported only when their command runs, so
# `paxpipe parse` never pays for Spark, Airflow or the web stack.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("paxpipe.commands.parse", "parse PAXLST/PNRGOV files to JSON Lines, one traveller a line"),
    "validate": ("paxpipe.commands.validate", "check PAXLST/PNRGOV files and report every data-quality issue"),
    "simulate": ("paxpipe.commands.simulate", "generate a realistic day of airline traffic into a landing folder"),
    "ingest": ("paxpipe.commands.ingest", "land new files from a landing folder into the Delta lakehouse"),
    "watchlist": ("paxpipe.commands.watchlist", "load a watchlist release into the lakehouse"),
    "screen": ("paxpipe.commands.screen", "screen travellers against a watchlist and write hits"),
    "serve": ("paxpipe.commands.serve", "serve the hit review web app"),
    "users": ("paxpipe.commands.users", "manage review app users (create the first admin)"),
    "demo": ("paxpipe.commands.demo", "run the whole pipeline end to end on generated data"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paxpipe", description="Passenger Information Unit pipeline")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] in {"-h", "--help"} or args_list[0] not in COMMANDS:
        parser = build_parser()
        if args_list and args_list[0] not in {"-h", "--help"}:
            parser.print_usage(sys.stderr)
            print(f"paxpipe: unknown command {args_list[0]!r}", file=sys.stderr)
            return EXIT_USAGE
        parser.print_help()
        return EXIT_OK if args_list else EXIT_USAGE
    name = args_list[0]
    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(module_name)
    sub = argparse.ArgumentParser(prog=f"paxpipe {name}", description=help_text)
    module.add_arguments(sub)
    try:
        args = sub.parse_args(args_list[1:])
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        print("paxpipe: interrupted", file=sys.stderr)
        return 130
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"paxpipe {name}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
