"""Införandebidrag: lag (2004:773) 13 § (lydelse SFS 2019:916) med bidragsminskning enligt 3 §.

En kommun eller region med en bidragsminskning D (kr/inv, 2019 års bidrag och avgifter enligt gamla
regler minus samma år enligt nya) får det år 2020 för den del som överstiger 250 kr/inv; bidraget
minskar därefter årligen med 250 kr/inv tills det upphör. Första år (parametern ``inforandebidrag.startar``)
är 2020; tidigare års införandebidrag (andra regler) modelleras inte och ger ParameterFel.

Två läsarter (``las``), eftersom SCB:s utfall inte följer den bokstavliga texten:

* ``"scb_utfall"`` (standard för kommuner): IB_t = max(0, D − L_t) med taket L_t ur parametern
  ``inforandebidrag.tak_scb_utfall`` (250, 687, 1 002 kr/inv 2020–2022, sedan 0), härlett ur SCB:s utfall för
  Lekeberg; det återger SCB:s införandebidrag för alla 84 kommunår i Örebro län 2020–2026 (också Kumla 2021–22
  och Hallsberg/Örebro 2021, som taket inte räknades ur). Bara kommuner.
* ``"lagtext"`` (standard för regioner; valbar för kommuner): IB_t = max(0, D − 250 − 250 × (t − 2020)), den
  bokstavliga texten; den missar SCB med 187–252 kr/inv 2021–2022.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .fel import IndataFel, ParameterFel
from .niva import niva_kolumner, nyckel
from .parametrar import parametrar
from .validering import andlig_tabell, kodindex, kontrollera_ar

LASARTER = ("lagtext", "scb_utfall")


def inforandebidrag(
    underlag: pd.DataFrame, ar: int, las: str | None = None, reform: str | None = None, niva: str = "kommun",
) -> pd.DataFrame:
    """Införandebidrag per kommun eller region (``niva="region"``, nyckel ``lanskod``).

    ``underlag``: ``kommunkod``/``lanskod``, ``folkmangd``, ``bidragsminskning`` (kr/inv). ``las``: läsarten
    (tom = ``"scb_utfall"`` för kommuner, ``"lagtext"`` för regioner). Returnerar ``kr_per_inv`` och ``belopp`` (kr).
    """
    if las is None:
        las = "scb_utfall" if niva == "kommun" else "lagtext"
    if las not in LASARTER:
        raise IndataFel(f"Okänd läsart {las!r}: ange {' eller '.join(LASARTER)}.")
    koder, _, (N, minskning) = niva_kolumner(underlag, ["folkmangd", "bidragsminskning"], niva, positiva=["folkmangd"],
                                             namn="underlag")
    ar = kontrollera_ar(ar)
    p = parametrar(reform)
    start = int(p["inforandebidrag.startar"](ar))
    if ar < start:
        raise ParameterFel(
            f"Införandebidrag år {ar} modelleras inte (modellen omfattar 13 § i lydelse SFS 2019:916 från "
            f"{start}); ange publicerat värde."
        )
    if las == "lagtext":
        tak = float(p["inforandebidrag.grans"](ar)) + float(p["inforandebidrag.arlig_minskning"](ar)) * (ar - start)
    elif niva == "region":
        raise ParameterFel("Läsarten 'scb_utfall' är härledd ur kommuners utfall och finns inte för regioner; använd 'lagtext'.")
    else:
        varde = p["inforandebidrag.tak_scb_utfall"](ar)
        tak = np.inf if varde is None else float(varde)
    kr = np.maximum(0.0, minskning - tak)
    return andlig_tabell({"folkmangd": N, "kr_per_inv": kr, "belopp": kr * N}, kodindex(koder, nyckel(niva)), "införandebidrag")
