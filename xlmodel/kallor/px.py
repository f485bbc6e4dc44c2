"""SCB:s PC-Axis-filer (.px): ``las_px`` (tidy tabell) och ``las_skattesatser_px`` (TAB2017, skattesatser).

* ``las_px(fil)`` läser en PC-Axis-fil till en tidy tabell: en kolumn per variabel (värdetexten), ``<variabel>_kod``
  när filen har CODES, ``varde`` (float, NaN där data saknas) och ``symbol`` (saknadmarkören, t.ex. ``".."``).
  Nyckelorden (DECIMALS, ELIMINATION, UNITS, NOTE ...) finns i ``PxFil.meta``. Teckenkodning: UTF-8 om filen är
  giltig UTF-8, annars CODEPAGE (iso-8859-1 läses som cp1252) eller CHARSET ("ANSI" = cp1252, "OEM" = cp850).
  ``"-"`` (DATASYMBOLNIL, SCB: "noll, inget finns att redovisa") blir NaN med ``symbol == "-"``: anroparen väljer
  om det ska vara 0. En fil vars VALUES ger fler än ``MAX_PX_CELLER`` celler vägras innan data läses (en 50 MB
  fil med 2 × 5 000 värden skulle annars bli 25 miljoner rader och flera GB minne).
* ``las_skattesatser_px(fil)``: SCB-tabellen "Kommunalskatter efter region och år" (TAB2017) till en rad per
  kommun och år: ``kommunkod, kommun, ar, skattesats_total, skattesats_kommun, skattesats_region``.

Varför en egen tolk och inte biblioteket ``pyaxis`` (0.4, ICANE/SDSC): pyaxis tar en URI och hämtar den med
``requests`` (en filimport ska inte kunna gå ut på nätet), kräver att anroparen anger teckenkodningen (här läses
CODEPAGE/CHARSET ur filen), behåller bara den sista NOTE, vägrar inte KEYS (gles lagring läses fel) och bygger
hela tabellen innan något kan kontrolleras, så storleksgränsen måste ändå ligga före den. Tolken här är ett
hundratal rader med egna tester; ett byte skulle ge ett beroende till och samma kontroller runt det.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from ..fel import IndataFel
from .filer import AVVISADE_KOLUMNER, SAKNAS, Importresultat, _antal, _kontrollera_storlek
from .referensdata import kommuner

MAX_PX_CELLER = 5_000_000  # datavärden (produkten av VALUES-listornas längder); SCB:s största tabeller ryms




@dataclass
class PxFil:
    """En inläst PC-Axis-fil: ``tabell`` (tidy), ``meta`` (nyckelord → värde) och ``variabler`` (STUB + HEADING)."""

    tabell: pd.DataFrame
    meta: dict
    variabler: list[str]


def _px_text(data: bytes, encoding: str | None) -> str:
    if encoding:
        return data.decode(encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    huvud = data[:5000].decode("latin-1")
    kodsida = re.search(r'CODEPAGE\s*=\s*"([^"]+)"', huvud)
    teckenset = re.search(r'CHARSET\s*=\s*"([^"]+)"', huvud)
    kod = kodsida.group(1).lower() if kodsida else ("cp850" if teckenset and teckenset.group(1).upper() == "OEM" else "cp1252")
    if kod.replace("_", "-") in ("iso-8859-1", "latin1", "latin-1", "windows-1252"):
        kod = "cp1252"
    try:
        return data.decode(kod)
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1")


def _till_semikolon(text: str, i: int) -> int:
    """Index för nästa ';' utanför citattecken från ``i``."""
    inne = False
    for j in range(i, len(text)):
        c = text[j]
        if c == '"':
            inne = not inne
        elif c == ";" and not inne:
            return j
    raise IndataFel("PX-filen är avbruten: ett nyckelord saknar avslutande ';'.")


def _px_varde(ra: str):
    """Ett nyckelords värde: lista av strängar om värdet är citerat, annars råtexten (t.ex. 2, YES, TLIST(...))."""
    ra = ra.strip()
    if '"' not in ra or ra.upper().startswith("TLIST("):
        return ra
    ut, akt, efter_komma = [], None, True
    for m in re.finditer(r'"([^"]*)"|(,)|(\S)', ra):
        if m.group(1) is not None:
            del_ = re.sub(r"\r?\n", "", m.group(1))
            akt = del_ if akt is None else akt + del_  # "abc" "def" på olika rader = en sträng
            efter_komma = False
        elif m.group(2):
            if efter_komma:
                raise IndataFel(f"PX-filen: tomt element i listan {ra[:60]!r}.")
            ut.append(akt)
            akt, efter_komma = None, True
        else:
            raise IndataFel(f"PX-filen: oväntat tecken {m.group(3)!r} i värdet {ra[:60]!r}.")
    if akt is not None:
        ut.append(akt)
    return ut


def _lista(v) -> list[str]:
    return v if isinstance(v, list) else [v]


def _px_nyckelord(text: str) -> tuple[dict, str]:
    """(meta, datadelens text): nyckelorden fram till DATA; ``NAMN("arg")`` ger nyckeln (NAMN, arg)."""
    meta: dict = {}
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        lika = text.find("=", i)
        if lika < 0:
            raise IndataFel(f"PX-filen: text utan nyckelord efter tecken {i}: {text[i:i + 40]!r}.")
        nyckel = text[i:lika].strip()
        if nyckel == "DATA":
            slut = _till_semikolon(text, lika + 1)
            return meta, text[lika + 1:slut]
        m = re.fullmatch(r'([A-Za-z0-9-]+)(?:\[([^\]]+)\])?(?:\((.*)\))?', nyckel, re.S)
        if not m:
            raise IndataFel(f"PX-filen: ogiltigt nyckelord {nyckel[:60]!r}.")
        slut = _till_semikolon(text, lika + 1)
        namn, sprak, arg = m.group(1).upper(), m.group(2), m.group(3)
        if sprak is not None:  # andra språkversioner ([en]) sparas med språket i nyckeln
            namn = f"{namn}[{sprak}]"
        argument = tuple(re.findall(r'"([^"]*)"', arg)) if arg else ()
        meta[(namn, *argument) if argument else namn] = _px_varde(text[lika + 1:slut])
        i = slut + 1
    raise IndataFel("PX-filen saknar DATA.")


def _px_variabler(meta: dict) -> tuple[list[str], list[list[str]], list[list[str] | None]]:
    """(variabler, VALUES per variabel, CODES per variabel eller None); vägrar KEYS och för stora tabeller."""
    if "KEYS" in {k[0] if isinstance(k, tuple) else k for k in meta}:
        raise IndataFel("PX-filen använder KEYS (gles lagring); bara hela tabeller läses. Exportera utan KEYS.")
    variabler = _lista(meta.get("STUB", [])) + _lista(meta.get("HEADING", []))
    variabler = [v for v in variabler if v]
    if not variabler:
        raise IndataFel("PX-filen saknar STUB och HEADING.")
    varden, koder = [], []
    for v in variabler:
        if ("VALUES", v) not in meta:
            raise IndataFel(f"PX-filen saknar VALUES för variabeln {v!r}.")
        vals = _lista(meta[("VALUES", v)])
        kod = meta.get(("CODES", v))
        if kod is not None and len(_lista(kod)) != len(vals):
            raise IndataFel(f"PX-filen: variabeln {v!r} har {len(vals)} VALUES men {len(_lista(kod))} CODES.")
        varden.append(vals)
        koder.append(_lista(kod) if kod is not None else None)
    vantat = math.prod(len(v) for v in varden)
    if vantat > MAX_PX_CELLER:  # före datadelen: tabellen skulle annars byggas i minnet
        raise IndataFel(
            f"PX-filen deklarerar {_antal(vantat)} celler ({' × '.join(_antal(len(v)) for v in varden)}); största "
            f"tillåtna är {_antal(MAX_PX_CELLER)}. Välj färre värden (t.ex. färre år eller regioner) i SCB:s databas."
        )
    return variabler, varden, koder


def _px_data(data_text: str, varden: list[list[str]]) -> tuple[list[float], list[str | None]]:
    """(tal, symboler): datavärdena, NaN med saknadmarkören som symbol; antalet ska vara produkten av VALUES."""
    tal, symboler = [], []
    for nr, tecken in enumerate(re.findall(r'"[^"]*"|[^\s,]+', data_text), start=1):
        t = tecken.strip('"')
        if t in SAKNAS:
            tal.append(np.nan)
            symboler.append(t)
            continue
        try:
            tal.append(float(t))
        except ValueError:
            raise IndataFel(f"PX-filen: datavärde nr {nr} ({tecken!r}) är varken tal eller känd saknadmarkör.") from None
        symboler.append(None)
    vantat = math.prod(len(v) for v in varden)
    if len(tal) != vantat:
        raise IndataFel(
            f"PX-filen har {len(tal)} datavärden men variablerna ({' × '.join(str(len(v)) for v in varden)}) "
            f"kräver {vantat}."
        )
    return tal, symboler


def las_px(fil, encoding: str | None = None) -> PxFil:
    """Läs en PC-Axis-fil (SCB) till en tidy tabell, se modulens beskrivning."""
    fil = Path(fil)
    _kontrollera_storlek(fil)
    meta, data_text = _px_nyckelord(_px_text(fil.read_bytes(), encoding))
    variabler, varden, koder = _px_variabler(meta)
    tal, symboler = _px_data(data_text, varden)
    # Datavärdena ligger radvis: STUB-variablerna först, den sista variabeln varierar snabbast.
    index = list(product(*[range(len(v)) for v in varden]))
    kolumner: dict[str, list] = {}
    for k, (v, vals, kod) in enumerate(zip(variabler, varden, koder)):
        kolumner[v] = [vals[ix[k]] for ix in index]
        if kod is not None:
            kolumner[f"{v}_kod"] = [kod[ix[k]] for ix in index]
    kolumner["varde"] = tal
    kolumner["symbol"] = symboler
    return PxFil(tabell=pd.DataFrame(kolumner), meta=meta, variabler=variabler)


_SKATTEKOLUMNER = {"total": "skattesats_total", "kommun": "skattesats_kommun", "region": "skattesats_region"}


def _skattedel(text: str) -> str | None:
    t = text.lower()
    if "total" in t:
        return "total"
    if "region" in t or "landsting" in t:
        return "region"
    if "kommun" in t:
        return "kommun"
    return None


def las_skattesatser_px(fil, encoding: str | None = None, summatolerans: float = 0.01) -> Importresultat:
    """SCB TAB2017 "Kommunalskatter efter region och år" (PX) → en rad per kommun och år.

    Kolumner: ``kommunkod, kommun, ar, skattesats_total, skattesats_kommun, skattesats_region`` (procent).
    Avvisas: okänd eller ogiltig kommunkod, saknat värde ("..") och rader där kommun + region avviker från
    total med mer än ``summatolerans`` procentenheter (SCB: avvikelser på en hundradel är avrundning).
    """
    px = las_px(fil, encoding)
    df = px.tabell
    innehall = _lista(px.meta.get("CONTVARIABLE", ""))[0]
    tid = next((v for v in px.variabler if ("TIMEVAL", v) in px.meta), None) or next(
        (v for v in px.variabler if v.lower() in ("år", "ar", "tid")), None)
    ovriga = [v for v in px.variabler if v not in (innehall, tid)]
    if innehall not in px.variabler or tid is None or len(ovriga) != 1:
        raise IndataFel(f"{Path(fil).name}: väntade variablerna region, år och tabellinnehåll, fick {px.variabler}.")
    region = ovriga[0]
    df = df.assign(_del=df[innehall].map(_skattedel))
    if set(df["_del"].dropna()) != set(_SKATTEKOLUMNER) or df["_del"].isna().any():
        raise IndataFel(f"{Path(fil).name}: tabellinnehållet ska vara total, till kommun och till region; "
                        f"fick {sorted(set(df[innehall]))}.")
    kodkol = f"{region}_kod" if f"{region}_kod" in df else region
    tidkol = f"{tid}_kod" if f"{tid}_kod" in df else tid
    kanda = set(kommuner()["kommunkod"])
    rader, avvisade = [], []
    for radnr, ((kod, namn, ar), grupp) in enumerate(df.groupby([kodkol, region, tidkol], sort=False), start=1):
        orsaker = []
        if not re.fullmatch(r"\d{4}", str(kod)):
            orsaker.append(f"ogiltig kommunkod {kod!r} (ska vara 4 siffror)")
        elif kod not in kanda:
            orsaker.append(f"okänd kommunkod {kod}")
        if not re.fullmatch(r"\d{4}", str(ar)):
            orsaker.append(f"ogiltigt år {ar!r}")
        varden = dict(zip(grupp["_del"], zip(grupp["varde"], grupp["symbol"])))
        for del_, (v, sym) in varden.items():
            if isinstance(sym, str):
                orsaker.append(f"{_SKATTEKOLUMNER[del_]} saknas ({sym!r})")
        if not orsaker:
            t, k, r = (varden[d][0] for d in ("total", "kommun", "region"))
            if abs(k + r - t) > summatolerans + 1e-9:
                orsaker.append(f"kommun {k:.2f} + region {r:.2f} = {k + r:.2f} men total är {t:.2f}")
        if orsaker:
            avvisade.append({"rad": radnr, "kod": str(kod), "ar": ar, "orsak": "; ".join(orsaker)})
            continue
        rader.append({"kommunkod": kod, "kommun": namn, "ar": int(ar),
                      **{_SKATTEKOLUMNER[d]: varden[d][0] for d in ("total", "kommun", "region")}})
    tabell = pd.DataFrame(rader, columns=["kommunkod", "kommun", "ar", *_SKATTEKOLUMNER.values()])
    def forsta(nyckel, standard="okänt"):
        return _lista(px.meta.get(nyckel, standard))[0]

    uppdaterad = forsta(("LAST-UPDATED", df[innehall].iloc[0]), forsta("LAST-UPDATED"))
    anteckningar = [f"{Path(fil).name}: {forsta('TITLE', '')}, källa {forsta('SOURCE')}, uppdaterad {uppdaterad}."]
    return Importresultat(tabell.sort_values(["kommunkod", "ar"], ignore_index=True),
                          pd.DataFrame(avvisade, columns=AVVISADE_KOLUMNER), anteckningar)


