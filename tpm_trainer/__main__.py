"""`python -m tpm_trainer` runs the command line."""

from .cli import main

main(prog_name="tpm-trainer")
