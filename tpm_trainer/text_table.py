"""Aligned plain-text tables for the command line (no models needed, so listings start fast)."""

from __future__ import annotations


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A simple aligned text table."""
    widths = [
        max(len(header), *(len(row[i]) for row in rows)) if rows else len(header) for i, header in enumerate(headers)
    ]
    line = "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * width for width in widths)]
    out += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return out
