"""CLI subcommands: one module each, with add_arguments(parser) and run(args) -> exit code;
the one-line help of each lives in builder.cli.COMMANDS."""
