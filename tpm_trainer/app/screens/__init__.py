"""The screens of the trainer app, one module each."""
