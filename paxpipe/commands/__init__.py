"""One module per `paxpipe` subcommand: ``add_arguments(parser)`` and ``run(args) -> int``."""
