"""Mallarbetsböckerna som anropar xlmodels Excel-funktioner (UDF:er) levande. Byggs av kod:

    xlmodel bygg-mallar            # skriver workbooks/*.xlsx

Varje mall har en flik ``Om`` (vad, installation, källor), en flik ``xlwings.conf`` (UDF-modulerna), gula
indataceller och formler i filens engelska form (``,`` som avskiljare). Tabellfunktionerna skrivs som
matrisformler av fast storlek (klassisk Ctrl+Skift+Retur-form) så att de fungerar i alla Excelversioner.
Byggandet är deterministiskt: samma indata ger byte för byte samma fil. openpyxl skriver sparandetiden i
``docProps/core.xml`` och i zip-posternas datum; ``spara`` skriver därför om filen med ``FAST_TID`` på båda ställena.
"""
from __future__ import annotations

from pathlib import Path

from .mall import *  # noqa: F401,F403  (byggstenarna, importerbara härifrån som förr)
from .mall import FAST_TID, UDF_MODULER, spara  # noqa: F401
from .mall_lss import bygg_lss_ds1999
from .mall_resurs import RESURS_ALLA_AR, RESURS_AR, RESURS_MAX_AR, RESURS_BEFOLKNING, RESURS_MODELLER, RESURS_PRISER, bygg_resursfordelning  # noqa: F401
from .mall_skatter import (_SOB_VARDEN, AR_BREDD, DATAOMRADE, SOB_ANTAGANDEN, SOB_DELAR, SOB_FORMAT, SOB_MAX_PLANAR,  # noqa: F401
                           SOB_PLANAR, SOB_STANDARD, VARDE_ETIKETT, bygg_skatter_och_bidrag, budgetnot, varden_stil)
from .las_skatter import las_indata  # noqa: F401

MALLAR = {
    "skatter_och_bidrag.xlsx": bygg_skatter_och_bidrag,
    "lss_ds1999_72.xlsx": bygg_lss_ds1999,
    "resursfordelning_socialnamnden.xlsx": bygg_resursfordelning,
}


def bygg_alla(mapp: str | Path = "workbooks") -> list[Path]:
    """Bygg alla mallar till ``mapp``."""
    mapp = Path(mapp)
    return [bygg(mapp / namn) for namn, bygg in MALLAR.items()]
