"""tpm-trainer: practise Technical Program Manager interviews in the terminal."""

__version__ = "0.1.0"
