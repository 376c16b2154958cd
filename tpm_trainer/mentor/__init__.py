"""The mentor's room: grades, report history, import/export, agreement, rubric packs and the cohort view.

Mentor tables live in their own migration set (`schema.py`), so the core store stays unaware of them.
Nothing here imports the app, the command line or Textual.
"""
