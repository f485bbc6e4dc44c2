"""Beräkna mallarbetsböcker utan Excel: ``formulas`` med xlmodels UDF:er registrerade (tech.md §3.1).

Argumenten ges till UDF:erna i xlwings klassiska former: en cell som skalär (tal som float, tom som None),
ett område som lista av listor. Ett Python-fel blir #VALUE! i cellen, som i Excel.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import formulas
import openpyxl
import numpy as np
import schedula as sh
from formulas.functions import wrap_func
from formulas.tokens.operand import XlError
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

UDF_MODULER = ["udfs.inkomst", "udfs.system", "udfs.lss", "udfs.ds1999", "udfs.kostnad", "udfs.skatter", "udfs.resurs"]


def _cell(v):
    if v is sh.EMPTY or isinstance(v, XlError) or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)  # Excel skickar alltid tal som flyttal
    return v


def _arg(a):
    a = np.asarray(a, dtype=object)
    if a.size == 1:
        return _cell(a.ravel()[0])
    return [[_cell(v) for v in rad] for rad in a.reshape(a.shape[0], -1).tolist()]


def _ut(res):
    if np.ndim(res) == 0:
        res = [[res]]
    elif np.ndim(res) == 1:
        res = [res]
    return np.asarray([[("" if v is None else v) for v in rad] for rad in res], dtype=object)


def registrera_udfs() -> list[str]:
    """Registrera alla ``XLM_``-funktioner i UDF-modulerna hos ``formulas``; returnerar namnen."""
    namn = []
    for modulnamn in UDF_MODULER:
        try:
            modul = importlib.import_module(modulnamn)
        except ModuleNotFoundError:
            continue
        for n, f in vars(modul).items():
            if n.startswith("XLM_") and callable(f):
                formulas.get_functions()[n.upper()] = wrap_func(lambda *a, _f=f: _ut(_f(*(_arg(x) for x in a))))
                namn.append(n)
    return namn


class Bok:
    """En beräknad arbetsbok. ``varde("Flik", "B3")`` ger cellens beräknade värde."""

    def __init__(self, sokvag: str | Path):
        registrera_udfs()
        self.fil = Path(sokvag).name
        self.modell = formulas.ExcelModel().loads(str(sokvag)).finish()
        self.losning = self.modell.calculate()
        self.konstanter = openpyxl.load_workbook(sokvag)

    def nyckel(self, flik: str, ref: str) -> str:
        return f"'[{self.fil}]{flik.upper()}'!{ref}"

    def berakna(self, andringar: dict[tuple[str, str], object]) -> None:
        """Ändra indataceller {(flik, cell): värde} och räkna om."""
        self.losning = self.modell.calculate(inputs={self.nyckel(f, r): v for (f, r), v in andringar.items()})

    def varde(self, flik: str, ref: str):
        kol, rad = coordinate_from_string(ref)
        kol = column_index_from_string(kol)
        prefix = f"'[{self.fil}]{flik.upper()}'!"
        if prefix + ref in self.losning:
            return _cell(np.asarray(self.losning[prefix + ref].value).ravel()[0])
        for k, v in self.losning.items():
            if k.startswith(prefix) and ":" in k:
                m = re.match(r"([A-Z]+)(\d+):([A-Z]+)(\d+)$", k[len(prefix):])
                if not m:
                    continue
                k0, r0, k1, r1 = column_index_from_string(m[1]), int(m[2]), column_index_from_string(m[3]), int(m[4])
                if k0 <= kol <= k1 and r0 <= rad <= r1:
                    return _cell(np.asarray(v.value)[rad - r0, kol - k0])
        v = self.konstanter[flik][ref].value  # en konstant som ingen formel läser finns inte i lösningen
        if isinstance(v, str) and v.startswith("="):
            raise KeyError(f"{flik}!{ref} är en formel som inte räknats")
        return _cell(v) if v is not None else None

    def omrade(self, flik: str, ref: str) -> list[list]:
        a, b = ref.split(":")
        (ka, ra), (kb, rb) = coordinate_from_string(a), coordinate_from_string(b)
        ka, kb = column_index_from_string(ka), column_index_from_string(kb)
        from openpyxl.utils import get_column_letter
        return [[self.varde(flik, f"{get_column_letter(k)}{r}") for k in range(ka, kb + 1)] for r in range(ra, rb + 1)]
