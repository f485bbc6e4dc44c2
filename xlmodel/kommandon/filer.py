"""In- och utfiler på kommandoraden: en indatatabell ur csv/xlsx (alla avvisade rader på en gång), utfilens
ändelse och mapp kontrolleras före beräkningen, tabeller till csv eller xlsx."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..fel import IndataFel, XlmodelFel

if TYPE_CHECKING:
    import pandas as pd


_TEXTKOLUMNER = {"kommunkod", "lanskod", "kommun", "kommunnamn", "namn", "lan", "region"}
_POSITIVA, _ICKE_NEGATIVA = {"folkmangd"}, {"skatteunderlag"}


def las_tabell(sokvag: str) -> pd.DataFrame:
    """En tabell ur csv eller xlsx (säker läsning, se ``dataimport``); rubrikrad först. Koder behålls som text.

    Varje rad kontrolleras (kommunkod, tal, folkmängd > 0, skatteunderlag ≥ 0) och alla avvisade rader
    rapporteras på en gång i ``IndataFel`` (som ``Importresultat.avvisade``), inte bara den första."""
    import pandas as pd

    from ..kallor.dataimport import _kod, _tal, _tom, beskriv_avvisade, las_csv, las_xlsx
    from ..kallor.referensdata import kommuner

    p = Path(sokvag)
    if not p.exists():
        raise XlmodelFel(f"Filen {sokvag} finns inte.")
    if p.suffix.lower() == ".csv":
        rader, sep = las_csv(p)
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        rader, sep = las_xlsx(p), ""
    else:
        raise XlmodelFel(f"Okänt filformat {p.suffix}: använd .csv eller .xlsx.")
    rader = [(nr, r) for nr, r in enumerate(rader, start=1) if any(not _tom(v) for v in r)]
    if len(rader) < 2:
        raise XlmodelFel(f"{p.name}: filen behöver en rubrikrad och minst en datarad.")
    rubrik = [str(h).strip().lower() if h is not None else "" for h in rader[0][1]]
    decimal = "," if sep in (";", "\t") else "."
    kanda = set(kommuner()["kommunkod"])
    # en kolumn utan ett enda tal (t.ex. en kommentar) är text; motorn säger till om den behövde tal
    text = {k for j, k in enumerate(rubrik) if k in _TEXTKOLUMNER or (k not in _POSITIVA | _ICKE_NEGATIVA and all(
        _tom(r[j]) or _tal(r[j], decimal)[1] for _, r in rader[1:] if j < len(r)))}
    data, avvisade = [], []
    for nr, r in rader[1:]:
        r = list(r) + [None] * (len(rubrik) - len(r))
        kod, orsaker, ut = None, [], []
        for k, v in zip(rubrik, r):
            if k == "kommunkod":
                kod, _, fel = _kod(v)
                fel = fel or (f"okänd kommunkod {kod}" if kod not in kanda else None)
                orsaker += [fel] if fel else []
                ut.append(v)  # motorn normaliserar koden (tappad ledande nolla)
            elif k in text or _tom(v):
                ut.append(v if not _tom(v) else None)
            else:
                tal, fel = _tal(v, decimal)
                if fel is None and k in _POSITIVA and tal <= 0:
                    fel = f"måste vara större än noll (är {tal:g})"
                elif fel is None and k in _ICKE_NEGATIVA and tal < 0:
                    fel = f"är negativt ({tal:g})"
                orsaker += [f"{k}: {fel}"] if fel else []
                ut.append(tal)
        if orsaker:
            avvisade.append({"rad": nr, "kod": kod or ("" if _tom(r[0]) else str(r[0])[:40]), "ar": None,
                             "orsak": "; ".join(orsaker)})
        data.append(ut)
    if avvisade:
        raise IndataFel(beskriv_avvisade(pd.DataFrame(avvisade), p.name))
    return pd.DataFrame(data, columns=rubrik, dtype=object)


UTFORMAT = {".xlsx": "xlsx", ".csv": "csv"}


def kontrollera_utfil(sokvag: str, tillatna=(".xlsx", ".csv")) -> str:
    """Kontrollera utfilen före beräkningen: känd filändelse och en mapp (inte en fil) att skriva i."""
    p = Path(sokvag)
    if p.suffix.lower() not in tillatna:
        raise XlmodelFel(f"Okänd filändelse för {sokvag}: använd {' eller '.join(tillatna)}.")
    kontrollera_mapp(p.parent, f"utfilen {sokvag}")
    if p.is_dir():
        raise XlmodelFel(f"Kan inte skriva {sokvag}: det är en mapp.")
    return p.suffix.lower()


def kontrollera_mapp(mapp: Path, vad: str) -> None:
    for m in (mapp, *mapp.parents):
        if m.exists():
            if not m.is_dir():
                raise XlmodelFel(f"Kan inte skriva {vad}: {m} är en fil, inte en mapp.")
            return


def skriv_tabell(df: pd.DataFrame, sokvag: str, skriv_xlsx) -> None:
    """CSV (med skydd mot formelinjektion, tal avrundade, se ``utskrift.avrunda``) eller xlsx efter filändelsen."""
    if kontrollera_utfil(sokvag) == ".csv":
        from ..excel.arbetsbok import skriv_csv
        from ..excel.utskrift import avrunda
        skriv_csv(avrunda(df.reset_index()), sokvag)
    else:
        skriv_xlsx()
