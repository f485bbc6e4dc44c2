"""Prognosårgångar: en fil per SKR-cirkulär i ``xlmodel/budget/prognoser/`` (skatteunderlagets ökning,
uppräkningsfaktorer, regleringspost, PKV), med cirkulärets nummer och datum."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import numpy as np
import pandas as pd
import yaml

from ..fel import IndataFel, ParameterFel
from ..validering import GRANSER, kontrollera_ar, rimlig, tal


def _arsvarden(varde, namn: str) -> dict[int, Any] | Any:
    """{år: tal} med kontrollerade tal; ett ensamt tal returneras som tal (gäller alla år); None som {}.
    En storhet med rimliga gränser (``validering.GRANSER``, t.ex. skattesats i procent) prövas mot dem."""
    if varde is None:
        return {}
    if isinstance(varde, Mapping):
        ut = {}
        for ar, v in varde.items():
            ar = kontrollera_ar(ar)
            ut[ar] = ([_tal(x, namn, f"{namn} {ar}") for x in v] if isinstance(v, (list, tuple))
                      else _tal(v, namn, f"{namn} {ar}"))
        return ut
    return _tal(varde, namn, namn)


def _tal(v, namn: str, var: str) -> float:
    return rimlig(tal(v, var), namn, var) if namn in GRANSER else tal(v, var)


def _hamta(varden, ar: int):
    """Värdet för ``ar`` ur ``_arsvarden``-resultat, eller None."""
    if isinstance(varden, dict):
        return varden.get(ar)
    return varden



_PROGNOSNYCKLAR = ("skatteunderlag_okning", "befolkning_riket_okning", "upprakningsfaktorer", "regleringspost", "pkv")


def prognoser() -> list[str]:
    """Namnen på de medföljande prognosårgångarna (filer i ``xlmodel/budget/prognoser``)."""
    katalog = resources.files(__package__) / "prognoser"
    return sorted(p.name[:-5] for p in katalog.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def _las_prognos(namn: str) -> dict:
    if namn not in prognoser():
        raise ParameterFel(f"Okänd prognos {namn!r}. Tillgängliga: {', '.join(prognoser())}.")
    with (resources.files(__package__) / "prognoser" / f"{namn}.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    okanda = [k for k in data if k not in _PROGNOSNYCKLAR and k != "om_prognosen"]
    if okanda:
        raise ParameterFel(f"Prognosfilen {namn}: okänd nyckel {okanda[0]!r}.")
    return {k: _arsvarden((data.get(k) or {}).get("varden"), f"prognos {namn}, {k}") for k in _PROGNOSNYCKLAR}


def prognos(namn: str | Mapping | None) -> dict[str, dict[int, Any]]:
    """En prognosårgång som {nyckel: {år: värde}} (nycklar: se ``Antaganden.prognos``)."""
    if namn is None:
        return {k: {} for k in _PROGNOSNYCKLAR}
    if isinstance(namn, str):
        return _las_prognos(namn)
    okanda = [k for k in namn if k not in _PROGNOSNYCKLAR]
    if okanda:
        raise IndataFel(f"prognos: okänd nyckel {okanda[0]!r}. Kända: {', '.join(_PROGNOSNYCKLAR)}.")
    ut = {}
    for k in _PROGNOSNYCKLAR:
        v = _arsvarden(namn.get(k), f"prognos, {k}")
        if not isinstance(v, dict):
            raise IndataFel(f"prognos, {k}: ange {{år: värde}}.")
        ut[k] = v
    return ut


def prisupprakning_ur_prognos(namn: str | Mapping) -> dict[int, float]:
    """Prognosårgångens PKV (kommunal verksamhet, sammanvägt prisindex, procent) som andel per år, i den form
    som resursfördelningens ``prisupprakning`` tar (0,03 = 3 %). PKV används inte i budgetblocket."""
    return {ar: v / 100 for ar, v in prognos(namn)["pkv"].items()}


def jamfor_prognoser(a: str | Mapping, b: str | Mapping) -> pd.DataFrame:
    """Två prognosårgångar rad för rad: en rad per (antagande, år) med värdena och skillnaden b − a."""
    pa, pb = prognos(a), prognos(b)
    rader = []
    for k in _PROGNOSNYCKLAR:
        for ar in sorted(set(pa[k]) | set(pb[k])):
            va, vb = pa[k].get(ar), pb[k].get(ar)
            va = float(np.prod(va)) if isinstance(va, list) else va
            vb = float(np.prod(vb)) if isinstance(vb, list) else vb
            skillnad = vb - va if va is not None and vb is not None else np.nan
            rader.append({"antagande": k, "ar": ar, "a": va, "b": vb, "skillnad": skillnad})
    return pd.DataFrame(rader).set_index(["antagande", "ar"])
