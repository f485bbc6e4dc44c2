"""En liten läsare för JSON-stat 2.0 (SCB:s PxWebApi v2 svarar ``outputFormat=json-stat2``).

Samma läsare för varje tabell: inga tabellspecifika tolkningar. Värdena ligger radvis över ``id`` (sista
dimensionen snabbast); varje dimensions ``category.index`` ger positionen (som lista eller som {kod: position};
nycklarnas ordning i JSON-objektet spelar ingen roll). Saknade celler är ``null`` (SCB:s ``status`` "..").
Specifikation: https://json-stat.org/format/ (class "dataset").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..fel import IndataFel


@dataclass(frozen=True)
class Dimension:
    """En dimension: koder i indexordning och deras svenska etiketter."""

    id: str
    koder: tuple[str, ...]
    etiketter: tuple[str, ...]


def _fel(text: str) -> IndataFel:
    return IndataFel(f"Svaret är inte giltig JSON-stat 2.0: {text}.")


def dimensioner(ds: dict) -> list[Dimension]:
    """Dimensionerna i ``ds`` i ``id``-ordning (kontrollerar ``size`` mot kategorierna)."""
    if not isinstance(ds, dict) or ds.get("class") != "dataset":
        raise _fel("class är inte 'dataset'")
    ids, storlek, dims = ds.get("id"), ds.get("size"), ds.get("dimension")
    if not isinstance(ids, list) or not isinstance(storlek, list) or not isinstance(dims, dict) or len(ids) != len(storlek):
        raise _fel("id, size eller dimension saknas eller stämmer inte")
    ut = []
    for namn, n in zip(ids, storlek):
        kat = (dims.get(namn) or {}).get("category") or {}
        index, etikett = kat.get("index"), kat.get("label") or {}
        if isinstance(index, list):
            koder = [str(k) for k in index]
        elif isinstance(index, dict):
            koder = [None] * len(index)
            for kod, pos in index.items():
                if not isinstance(pos, int) or not 0 <= pos < len(index) or koder[pos] is not None:
                    raise _fel(f"dimensionen {namn} har ett ogiltigt index")
                koder[pos] = str(kod)
        elif index is None and len(etikett) == 1:
            koder = [str(k) for k in etikett]
        else:
            raise _fel(f"dimensionen {namn} saknar category.index")
        if len(koder) != n:
            raise _fel(f"dimensionen {namn} har {len(koder)} kategorier men size säger {n}")
        ut.append(Dimension(namn, tuple(koder), tuple(str(etikett.get(k, k)) for k in koder)))
    return ut


def las(ds: dict) -> pd.DataFrame:
    """Datamängden som lång tabell: en kolumn per dimension (koder, text) och ``varde`` (float, NaN = saknas).

    Etiketterna finns i ``attrs["etiketter"]`` ({dimension: {kod: etikett}}); ``attrs["uppdaterad"]`` är
    utgivarens ``updated``, ``attrs["titel"]`` dess ``label``.
    """
    dims = dimensioner(ds)
    n = int(np.prod([len(d.koder) for d in dims])) if dims else 0
    varden = ds.get("value")
    if isinstance(varden, dict):  # gles form {position: värde}
        tat = [None] * n
        for pos, v in varden.items():
            tat[int(pos)] = v
        varden = tat
    if not isinstance(varden, list) or len(varden) != n:
        raise _fel(f"value har {len(varden) if isinstance(varden, list) else 'inga'} värden men dimensionerna ger {n}")
    try:
        v = np.array([np.nan if x is None else float(x) for x in varden], dtype=float)
    except (TypeError, ValueError):
        raise _fel("value innehåller något som inte är ett tal") from None
    index = pd.MultiIndex.from_product([list(d.koder) for d in dims], names=[d.id for d in dims]) if dims else None
    df = pd.DataFrame({"varde": v}, index=index).reset_index()
    for d in dims:
        df[d.id] = df[d.id].astype(str)
    df.attrs.update(etiketter={d.id: dict(zip(d.koder, d.etiketter)) for d in dims},
                    uppdaterad=ds.get("updated"), titel=ds.get("label"))
    return df
