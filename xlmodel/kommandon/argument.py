"""Argumenttyperna på kommandoraden (år, årsintervall, decimaltal med komma) och små hjälpare för utskriften."""
from __future__ import annotations

import argparse
import sys


class _Fel(argparse.ArgumentTypeError):
    """Ett typfel från en argumenttyp (texten är redan svensk)."""


def arstal(text: str) -> int:
    """"2026" → 2026 (ett utjämnings- eller budgetår)."""
    t = text.strip()
    if not (t.isdigit() and len(t) == 4):
        raise _Fel(f"ogiltigt år {text!r}: skriv t.ex. 2026")
    return int(t)


def ar_intervall(text: str) -> list[int]:
    """"2026" → [2026]; "2005-2026" → [2005, ..., 2026]. Ett omvänt intervall (2026-2020) vägras."""
    delar = text.split("-", 1) if "-" in text.strip()[1:] else [text]
    try:
        a, b = arstal(delar[0]), arstal(delar[-1])
    except _Fel:
        raise _Fel(f"ogiltigt år {text!r}: skriv t.ex. 2026 eller 2005-2026") from None
    if b < a:
        raise _Fel(f"omvänt årsintervall {text!r}: skriv det tidigare året först, t.ex. {b}-{a}")
    return list(range(a, b + 1))


def decimaltal(text: str) -> float:
    """Ett tal med decimalkomma eller -punkt och ev. mellanslag som tusentalsavgränsare: "0,5", "0.5", "-300",
    "25 000 000". Punkt utan komma är alltid decimaltecken ("1.500" = 1,5)."""
    from ..kallor.dataimport import _tal

    v, fel = _tal(text, "," if "," in text else ".")
    if fel is not None:
        raise _Fel(f"{text!r} är inget tal (skriv t.ex. -300 eller 0,5)")
    return v


def framsteg(i: int, n: int, text: str) -> None:
    """Förloppsindikator på stderr för körningar över många år; bara när stderr är en terminal."""
    if n > 1 and sys.stderr.isatty():
        bredd = 30
        fyllt = int(bredd * i / n)
        print(f"\r[{'#' * fyllt}{'.' * (bredd - fyllt)}] {i}/{n} {text}", end="" if i < n else "\n", file=sys.stderr, flush=True)


def spann(ar: list[int]) -> str:
    return f"{min(ar)}–{max(ar)}" if len(ar) > 1 else str(ar[0])
