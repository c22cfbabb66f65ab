"""CLI commands, one module each; see kg.cli.COMMAND_MODULES."""
