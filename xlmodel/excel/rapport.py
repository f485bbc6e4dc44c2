"""Bladet ``Rapport``: budgetblocket som en kommun skriver ut det, bara värden (läsbart i alla program).

Rubrik med kommun och budgetår, blocket i mnkr med en decimal och i kr/inv, kolumnerna som blocket har dem
(årtal eller t.ex. "Bokslut 2024", "Budget 2026", "Plan 2027"), en källa per rad när blocket har en
(kolumnen ``kalla``/``källa`` eller ``attrs["kallor"]``), anmärkningarna (``attrs["anmarkningar"]``,
``attrs["summa_not"]``), källa och datum för datat och xlmodels version; utskrift A4 liggande, en sida bred.
``rapport_celler`` ger cellerna ({"A1": värde}) så att ``xlmodel uppdatera`` kan skriva om dem i en befintlig
bok (stilarna står kvar); ``skriv_rapport`` skapar bladet med stilar i en ny bok.
"""
from __future__ import annotations

import math

import pandas as pd
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .utskrift import FORMAT, RUBRIKSTIL, TYPSNITT, fet, radhojd_efter_text, satt_stil, utskrift_liggande

BLAD = "Rapport"
RAPPORT_RADER = 150  # raderna som skrivs om vid uppdatering (tomma under innehållet)
_KALLKOLUMNER = ("kalla", "källa", "Källa", "Kalla")


def _kommunnamn(kod: str) -> str:
    from ..kallor.referensdata import kommuner

    k = kommuner()
    namn = k.loc[k["kommunkod"] == str(kod), "namn"]
    return f"{namn.iloc[0]} ({kod})" if len(namn) else f"kommun {kod}"


def _version() -> str:
    """Versionen av koden som räknade (``xlmodel.__version__``, samma som paketets metadata: se testet
    ``test_versionen_i_paketet_och_koden``); att slå upp metadata söker igenom sys.path (tiotals ms)."""
    from .. import __version__
    return __version__


def _tal(v, decimaler: int):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    try:
        return round(float(v), decimaler)
    except (TypeError, ValueError):
        return str(v)


def _delar(block: pd.DataFrame) -> tuple[list, dict]:
    """(talkolumnerna, {rad: källa}) ur blocket: källan ur en textkolumn eller ``attrs["kallor"]``."""
    kalla_kol = next((k for k in block.columns if str(k) in _KALLKOLUMNER), None)
    kallor = dict(block.attrs.get("kallor") or {})
    if kalla_kol is not None:
        kallor.update({r: v for r, v in block[kalla_kol].items() if isinstance(v, str) and v})
    return [k for k in block.columns if k != kalla_kol], kallor


def rapport_celler(block_mnkr: pd.DataFrame, block_kr: pd.DataFrame, kommunkod: str, ar: int, kalla: str,
                   datum: str | None = None) -> tuple[dict[str, object], dict]:
    """(celler {"A1": värde}, layout) för Rapport ur blocket i mnkr och i kr/inv. ``layout`` säger var
    rubrikraderna, talen och noterna står (för stilarna i ``skriv_rapport``)."""
    kolumner, kallor = _delar(block_mnkr)
    krkol, _ = _delar(block_kr)
    n = len(kolumner)
    celler: dict[str, object] = {}
    lay = {"n": n, "rubriker": [], "mnkr": [], "kr": [], "summor": [], "noter": [], "kallkol": n + 2 if kallor else None}

    def satt(rad, kol, v):
        celler[f"{get_column_letter(kol)}{rad}"] = v

    satt(1, 1, f"Skatteintäkter, generella statsbidrag och utjämning – {_kommunnamn(kommunkod)}, budget {ar}")
    satt(2, 1, f"Beräknat med xlmodel {_version()}" + (f" den {datum}" if datum else "") + ". Värden, inga formler.")
    rad = 4
    for enhet, block, kol_lista, dec, nyckel in (("Miljoner kronor (mnkr)", block_mnkr, kolumner, 1, "mnkr"),
                                                 ("Kronor per invånare (kr/inv)", block_kr, krkol, 0, "kr")):
        satt(rad, 1, enhet)
        for j, k in enumerate(kol_lista, start=2):
            satt(rad, j, k if isinstance(k, str) else int(k))
        if kallor and nyckel == "mnkr":
            satt(rad, n + 2, "Källa")
        lay["rubriker"].append(rad)
        for post, varden in zip(block.index, block[kol_lista].to_numpy()):  # inte iterrows: attrs kopieras per rad
            rad += 1
            satt(rad, 1, str(post))
            for j, v in enumerate(varden, start=2):
                satt(rad, j, _tal(v, dec))
            if kallor and nyckel == "mnkr" and post in kallor:
                satt(rad, n + 2, kallor[post])
            lay[nyckel].append(rad)
            if str(post).startswith("Summa"):
                lay["summor"].append(rad)
        rad += 2
    noter = [block_mnkr.attrs.get("summa_not") or ""] + list(block_mnkr.attrs.get("anmarkningar") or [])
    noter = [t for i, t in enumerate(noter) if t and t not in noter[:i]]
    satt(rad, 1, "Anmärkningar")
    lay["noter"].append(rad)
    for t in noter or ["Inga."]:
        rad += 1
        satt(rad, 1, f"• {t}")
    rad += 2
    satt(rad, 1, "Källor")
    lay["noter"].append(rad)
    for t in (kalla, "Regler: lag (2004:773) och förordning (2004:881) om kommunalekonomisk utjämning; lag (1965:269).",
              "Tomma celler: delen är inte angiven (den ingår då inte i summaraderna). Negativa tal är avgifter."):
        rad += 1
        satt(rad, 1, t)
    lay["sista"] = rad
    return celler, lay


def uppdaterade_celler(celler: dict[str, object], bredd: int) -> dict[str, object]:
    """Rapportens celler för en omskrivning i en befintlig bok: allt i A1:…{RAPPORT_RADER} som inte är i
    ``celler`` töms, så att gamla rader inte blir kvar."""
    ut = {f"{get_column_letter(k)}{r}": None for r in range(1, RAPPORT_RADER + 1) for k in range(1, bredd + 1)}
    ut.update(celler)
    return ut


def skriv_rapport(wb, block_mnkr: pd.DataFrame, block_kr: pd.DataFrame, kommunkod: str, ar: int, kalla: str,
                  datum: str | None = None, index: int = 1):
    """Skapa bladet Rapport (värden, stilar, A4) i openpyxl-boken ``wb`` på plats ``index`` (efter Om)."""
    ws = wb.create_sheet(BLAD, index)
    ws.sheet_properties.tabColor = "00B050"
    celler, lay = rapport_celler(block_mnkr, block_kr, kommunkod, ar, kalla, datum)
    for ref, v in celler.items():
        ws[ref] = v
    satt_stil((ws[ref] for ref in celler), font=Font(name=TYPSNITT))
    ws["A1"].font = fet(size=14)
    ws["A2"].font = Font(name=TYPSNITT, italic=True, color="595959")
    n = lay["n"]
    for r in lay["rubriker"]:
        rad = [ws.cell(row=r, column=k) for k in range(1, n + 2 + (1 if lay["kallkol"] else 0))]
        satt_stil(rad, font=RUBRIKSTIL["font"], fill=RUBRIKSTIL["fill"])
        satt_stil(rad[:1] + rad[n + 1:], alignment=Alignment(horizontal="left", wrap_text=True))  # etiketter, källa
        satt_stil(rad[1:n + 1], alignment=Alignment(horizontal="right", wrap_text=True))
    for nyckel, fmt in (("mnkr", FORMAT["mnkr"]), ("kr", FORMAT["kr_per_inv"])):
        for r in lay[nyckel]:
            for k in range(2, n + 2):
                ws.cell(row=r, column=k).number_format = fmt
    for r in lay["summor"]:
        satt_stil((ws.cell(row=r, column=k) for k in range(1, n + 2)), font=fet(), border=Border(top=Side("thin")))
    for r in lay["noter"]:
        ws.cell(row=r, column=1).font = fet(size=12)
    ws.column_dimensions["A"].width = 56
    for k in range(2, n + 2):
        ws.column_dimensions[get_column_letter(k)].width = 13
    if lay["kallkol"]:
        ws.column_dimensions[get_column_letter(n + 2)].width = 60
        satt_stil((ws.cell(row=r, column=n + 2) for r in lay["mnkr"]),  # källtexterna radbryts i sin kolumn
                  alignment=Alignment(wrap_text=True, vertical="top"), font=Font(name=TYPSNITT, size=8))
        radhojd_efter_text(ws, lay["mnkr"], n + 2, 72, 10.5)  # bredd 60 med 8 punkter: ~72 tecken per rad
    utskrift_liggande(ws)
    ws.print_title_rows = "1:2"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Sida &P av &N"
    ws.sheet_view.showGridLines = False
    return ws
