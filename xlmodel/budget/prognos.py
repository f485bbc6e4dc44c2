"""Prognosårgångar: en fil per SKR-cirkulär i ``xlmodel/budget/prognoser/`` (skatteunderlagets ökning,
uppräkningsfaktorer, regleringspost, PKV), med cirkulärets nummer och datum."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import numpy as np
import pandas as pd

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

HARLEDD = "harledd_ur_scb"
MAX_HORISONT = 8  # planår efter sista utfallsåret, som SKR:s modell
SNITTAR = 5  # utfallsår i den härledda prognosens genomsnitt


def prognoser() -> list[str]:
    """Namnen på prognosårgångarna: den härledda (``HARLEDD``, standard) och filerna i ``xlmodel/budget/prognoser``
    (de som heter ``pahittad_*`` är PÅHITTADE exempel och aldrig standard)."""
    katalog = resources.files(__package__) / "prognoser"
    return [HARLEDD] + sorted(p.name[:-5] for p in katalog.iterdir() if p.name.endswith(".yaml"))


def _oppna(namn: str):
    """Filen för en prognos: en medföljande årgång eller en sökväg till en egen YAML-fil."""
    from pathlib import Path
    if namn.endswith((".yaml", ".yml")):
        fil = Path(namn)
        if not fil.is_file():
            raise IndataFel(f"Prognosfilen {namn} finns inte.")
        return fil.open(encoding="utf-8")
    if namn not in prognoser():
        raise ParameterFel(f"Okänd prognos {namn!r}. Tillgängliga: {', '.join(prognoser())} (eller en sökväg till en .yaml-fil).")
    return (resources.files(__package__) / "prognoser" / f"{namn}.yaml").open(encoding="utf-8")


@lru_cache(maxsize=None)
def _las_fil(namn: str) -> tuple[dict, dict]:
    import yaml  # bara för en prognosfil (standardprognosen är härledd, ingen fil)

    with _oppna(namn) as f:
        try:
            data = yaml.safe_load(f) or {}
        except yaml.YAMLError as e:
            raise ParameterFel(f"Prognosfilen {namn}: ogiltig YAML ({e}).") from None
    okanda = [k for k in data if k not in _PROGNOSNYCKLAR and k != "om_prognosen"]
    if okanda:
        raise ParameterFel(f"Prognosfilen {namn}: okänd nyckel {okanda[0]!r}.")
    varden = {k: _arsvarden((data.get(k) or {}).get("varden"), f"prognos {namn}, {k}") for k in _PROGNOSNYCKLAR}
    return varden, dict(data.get("om_prognosen") or {})


def _las_prognos(namn: str) -> dict:
    if namn == HARLEDD:
        return harledd()[0]
    return _las_fil(namn)[0]


@lru_cache(maxsize=None)
def harledd() -> tuple[dict, list[str]]:
    """Standardprognosen, HÄRLEDD ur medföljande SCB-utfall (inga påhittade tal), och dess antaganden i text.

    * rikets skatteunderlagsökning per inkomstår efter sista utfallet = genomsnittet av de ``SNITTAR`` senaste
      utfallsårens ökning (SCB OE0101, rikets skatteunderlag);
    * rikets folkmängd 1 november: genomsnittlig ökning de ``SNITTAR`` senaste åren (kalibrerad serie);
    * regleringsposten (kommuner): senast publicerade kr/inv (SCB OE0115) hålls;
    * uppräkningsfaktorer efter de beslutade: ur skatteunderlagsökningen (slutavräkningen blir 0).
    Täcker utjämningsåren t.o.m. sista utfallsåret + ``MAX_HORISONT``.
    """
    from .data import _regleringspost, _riket_folkmangd, _skatteunderlag, sista_utfallsar

    sist = sista_utfallsar()
    slut = sist + MAX_HORISONT
    su = {a: v for (k, a), v in _skatteunderlag().items() if k == "00"}
    # inkomstår i har underlaget med etikett i + 2; ökningen för i = SU(i+2)/SU(i+1) − 1
    kanda_i = sorted(a - 2 for a in su if a - 1 in su)
    snitt_i = kanda_i[-SNITTAR:]
    g_su = float(np.mean([su[i + 2] / su[i + 1] - 1 for i in snitt_i])) * 100
    n = _riket_folkmangd()
    kanda_n = sorted(a for a in n if a - 1 in n)[-SNITTAR:]
    g_n = float(np.mean([n[a] / n[a - 1] - 1 for a in kanda_n])) * 100
    reg = _regleringspost()
    sist_reg = max(reg)
    varden = {k: {} for k in _PROGNOSNYCKLAR}
    varden["skatteunderlag_okning"] = {i: g_su for i in range(kanda_i[-1] + 1, slut + 1)}
    varden["befolkning_riket_okning"] = {a: g_n for a in range(max(n) + 1, slut + 1)}
    varden["regleringspost"] = {a: reg[sist_reg] for a in range(sist_reg + 1, slut + 1)}
    tal_ = lambda x, d=2: f"{x:.{d}f}".replace(".", ",")  # noqa: E731
    noter = [
        f"Prognos {HARLEDD}: HÄRLEDD ur medföljande SCB-utfall (inga påhittade tal), täcker utjämningsår t.o.m. {slut}.",
        f"Rikets skatteunderlag ökar {tal_(g_su)} % per inkomstår efter {kanda_i[-1]} = genomsnittet för inkomståren "
        f"{snitt_i[0]}–{snitt_i[-1]} (SCB OE0101).",
        f"Rikets folkmängd 1 november ökar {tal_(g_n)} % per år efter {max(n)} = genomsnittet för utjämningsåren "
        f"{kanda_n[0]}–{kanda_n[-1]} (kalibrerad serie).",
        f"Regleringsposten hålls på {tal_(reg[sist_reg], 0)} kr/inv (senast publicerade, SCB OE0115 {sist_reg}).",
        "Kommunens skatteunderlag och folkmängd följer rikets takt (SKR:s metod); uppräkningsfaktorer efter de "
        "beslutade följer skatteunderlagsökningen.",
    ]
    return varden, noter


def prognosnamn(namn: str | Mapping | None) -> str:
    """Namnet att visa för en prognos (en dict heter "egen prognos (dict)")."""
    if namn is None:
        return "ingen"
    return namn if isinstance(namn, str) else "egen prognos (dict)"


def om_prognos(namn: str | Mapping | None) -> dict:
    """Prognosens beskrivning (``om_prognosen`` i filen: namn, status, cirkular, datum, kalla); tom för en dict."""
    if namn == HARLEDD:
        return {"namn": "Härledd ur medföljande SCB-utfall", "status": "härledd", "noter": harledd()[1]}
    if isinstance(namn, str):
        return _las_fil(namn)[1]
    return {}


def ar_pahittad(namn: str | Mapping | None) -> bool:
    """Sant om prognosen är märkt PÅHITTAD (namn eller status)."""
    om = om_prognos(namn) if isinstance(namn, str) else {}
    text = f"{namn if isinstance(namn, str) else ''} {om.get('namn', '')} {om.get('status', '')}".upper()
    return "PÅHITTAD" in text or "PAHITTAD" in text


def sista_ar(namn: str | Mapping | None) -> int | None:
    """Sista utjämningsåret som prognosen täcker: det minsta av de ifyllda nycklarnas sista år
    (skatteunderlagsökning, befolkningsökning, regleringspost); None om den är tom."""
    p = prognos(namn)
    slut = [max(p[k]) for k in ("skatteunderlag_okning", "befolkning_riket_okning", "regleringspost") if p[k]]
    return min(slut) if slut else None


def prognos(namn: str | Mapping | None) -> dict[str, dict[int, Any]]:
    """En prognosårgång som {nyckel: {år: värde}} (nycklar: se ``Antaganden.prognos``). ``None`` ger en tom."""
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


MALL = """# Prognosårgång ur ett SKR-cirkulär (Budgetförutsättningar / Skatteunderlagsprognos).
# Fyll i talen ur cirkuläret och spara filen, t.ex. som skr_cirkular_26_05.yaml. Använd den med
#   xlmodel skatter-och-bidrag --kommun K --ar T --prognos skr_cirkular_26_05.yaml -o bok.xlsx
# eller i Python: antaganden={"prognos": "skr_cirkular_26_05.yaml"}.
# Ett år som inte fylls i tas ur medföljande utfall; ett planår efter det sista ifyllda året är ett fel.
om_prognosen:
  namn: ""          # t.ex. "SKR cirkulär 26:05, Budgetförutsättningar för åren 2026–2029"
  cirkular: ""      # cirkulärets nummer, t.ex. "26:05"
  datum: ""         # cirkulärets datum, t.ex. "2026-02-12"
  status: skr       # skr = tal ur ett SKR-cirkulär
  kalla: ""         # adress till cirkuläret på skr.se
skatteunderlag_okning:
  beskrivning: Rikets skatteunderlag, procentuell ökning per inkomstår (cirkulärets tabell "Skatteunderlagsprognos")
  enhet: procent
  varden: {}        # t.ex. {2025: 4.6, 2026: 3.9, 2027: 3.7}
befolkning_riket_okning:
  beskrivning: Rikets folkmängd 1 november året före, procentuell ökning per utjämningsår
  enhet: procent
  varden: {}
upprakningsfaktorer:
  beskrivning: Uppräkningsfaktorer [f(t−1), f(t)] per utjämningsår t (regeringens beslutade eller cirkulärets)
  enhet: faktor
  varden: {}        # t.ex. {2027: [1.037, 1.035]}
regleringspost:
  beskrivning: Regleringsbidrag (+) eller -avgift (−) per invånare, lag (2004:773) 15–16 §§
  enhet: kr/inv
  varden: {}
pkv:
  beskrivning: Kommunal verksamhet, sammanvägt prisindex (PKV); används i resursfördelningen, inte i blocket
  enhet: procent
  varden: {}
"""


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
