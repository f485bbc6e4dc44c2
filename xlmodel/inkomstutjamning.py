"""Inkomstutjämning: lag (2004:773) 3–7 §§, förordning (2004:881) 2–4 §§.

För utjämningsår t och kommun (eller region) i:

* uppräknat skatteunderlag U_i = skatteunderlag_i × F_t (3 §; F_t = produkten av uppräkningsfaktorerna
  enligt lag 1965:269 4 §, parametern ``upprakningsfaktorer.faktorer``);
* uppräknad medelskattekraft MSK = ΣU / Σinvånare i landet 1 november t−1 (3 §);
* skatteutjämningsunderlag SUU_i = g × MSK × N_i, g = garantinivån (4 §);
* bidrag (SUU_i − U_i) × länsvis bidragssats om SUU_i > U_i (5 §), avgift (U_i − SUU_i) × länsvis
  avgiftssats om SUU_i < U_i (6 §); satserna enligt förordningen 2–3 §§ (7 §);
* 2014–2015: avgiften på skiktet mellan g och 125 procent av MSK tas med en lägre sats (3 a §);
* kr per invånare avrundas till hela kronor (förordningen 4 §); beloppet är kr/inv × N_i.

``skatteunderlag`` är SCB:s skatteunderlag med utjämningsårets etikett (inkomstår t−2, ej uppräknat) och
``folkmangd`` de folkbokförda 1 november t−1.
"""
from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel, ParameterFel
from .parametrar import parametrar
from .operatorer import minst, noll_for_nan, om, storst
from .niva import NIVAER, niva_kolumner, nyckel  # noqa: F401  (NIVAER återexporteras)
from .kallor.referensdata import _lanskarta_dict, kommunkoder, lanskod_for, lanskoder
from .validering import GRANSER, andlig_tabell, kodindex, avrunda_krontal, kontrollera_ar, kontrollera_tabell, normalisera_kod, tal


#: Hur mycket radernas skatteunderlag får överstiga en given rikstotal: 1 ppm. Hela landets rader avrundade till
#: hela kronor, tkr eller en decimal i mnkr kan summera något över SCB:s total; en delmängd av landet ligger långt under.
RIKET_TOLERANS = 1e-6


def upprakningsfaktor(ar: int, reform: str | None = None) -> float:
    """Produkten av uppräkningsfaktorerna för utjämningsår ``ar`` (lag 2004:773 3 §, lag 1965:269 4 §)."""
    return float(np.prod(parametrar(reform)["upprakningsfaktorer.faktorer"](kontrollera_ar(ar))))


def medelskattekraft(ar: int, skatteunderlag_riket: float | None = None, folkmangd_riket: float | None = None,
                     reform: str | None = None) -> float:
    """Uppräknad medelskattekraft (kr/inv): rikets uppräknade skatteunderlag / invånare 1 nov t−1 (3 §).

    Utan båda rikstalen: de medföljande (``xlmodel.riket(ar)``)."""
    if skatteunderlag_riket is None and folkmangd_riket is None:
        from .kallor.underlag import riket as medfoljande
        totaler = medfoljande(kontrollera_ar(ar))
        skatteunderlag_riket, folkmangd_riket = totaler["skatteunderlag"], totaler["folkmangd"]
    su, n = _riket({"skatteunderlag": skatteunderlag_riket, "folkmangd": folkmangd_riket}, None)
    return upprakningsfaktor(kontrollera_ar(ar), reform) * su / n


def region_underlag(underlag: pd.DataFrame) -> pd.DataFrame:
    """Summera ett kommununderlag (``kommunkod``, ``skatteunderlag``, ``folkmangd``) till regioner per län.

    Regionens skatteunderlag och folkmängd är summan över länets kommuner; Gotland (09) är sin egen region.
    """
    df = kontrollera_tabell(underlag, ["skatteunderlag", "folkmangd"], kanda_koder=kommunkoder(), namn="underlag")
    df["lanskod"] = lanskod_for(df.index).to_numpy()
    return df.groupby("lanskod")[["skatteunderlag", "folkmangd"]].sum().reset_index()


RADERNA = "raderna"  # riket="raderna": raderna räknas uttryckligen som hela landet


def hela_landet(koder, niva: str = "kommun") -> bool:
    """Sant om koderna är alla 290 kommuner (``niva="kommun"``) eller alla 21 regioner/län (``"region"``)."""
    kanda = kommunkoder() if niva == "kommun" else lanskoder()
    return set(koder) >= set(kanda)


def rikstotaler(riket, df: pd.DataFrame, ar: int, niva: str = "kommun") -> dict:
    """Rikets ``skatteunderlag``, ``folkmangd`` och ``kalla`` för medelskattekraften (lag 3 §).

    ``riket``: givna totaler (dict); ``None``: raderna om de är hela landet, annars de medföljande rikstotalerna
    (``xlmodel.riket(ar)``) om året täcks, annars ``IndataFel`` som säger vad som ska anges;
    ``"raderna"``: raderna räknas som hela landet (t.ex. ett handräknat exempel). En delmängd räknas aldrig
    tyst som hela landet.
    """
    return _rikstotaler(riket, df.index, df["skatteunderlag"].to_numpy(), df["folkmangd"].to_numpy(), ar, niva)


def _rikstotaler(riket, koder, SU: np.ndarray, N: np.ndarray, ar: int, niva: str) -> dict:
    """``rikstotaler`` för kontrollerade rader: koderna och fälten skatteunderlag och folkmängd."""
    if isinstance(riket, str) and riket == RADERNA or riket is None and hela_landet(koder, niva):
        vad = "hela landet" if hela_landet(koder, niva) else "angivna som hela landet (riket='raderna')"
        kalla = f"summan av underlagets {len(SU)} rader ({vad})"
        return {"skatteunderlag": float(SU.sum()), "folkmangd": float(N.sum()),
                "kalla": kalla, "kalla_skatteunderlag": kalla, "kalla_folkmangd": kalla}
    if riket is None:
        from .kallor.underlag import riket as medfoljande
        try:
            riket = medfoljande(ar)
        except IndataFel as e:
            enhet = "kommuner" if niva == "kommun" else "regioner"
            raise IndataFel(
                f"Underlaget har {len(SU)} av {len(kommunkoder()) if niva == 'kommun' else 21} {enhet}, och "
                f"rikets totaler för utjämningsår {ar} medföljer inte ({e}). Medelskattekraften räknas över hela "
                "landet: ange rikets skatteunderlag och folkmängd 1 nov året före (Python: riket={'skatteunderlag': "
                "..., 'folkmangd': ...}; kommandoraden: --riket-skatteunderlag och --riket-folkmangd; Excel: "
                "cellerna riket_skatteunderlag och riket_folkmangd), eller riket='raderna' om raderna är hela landet."
            ) from None
    su, n = _riket(riket, SU)
    kalla = {k: str(riket.get(k, "angivna rikstotaler")) for k in ("kalla", "kalla_skatteunderlag", "kalla_folkmangd")}
    return {"skatteunderlag": su, "folkmangd": n, **kalla}


def _riket(riket, SU: np.ndarray | None) -> tuple[float, float]:
    """Rikets skatteunderlag och folkmängd givna i ``riket``, prövade mot radernas skatteunderlag ``SU``.

    Ett givet skatteunderlag för riket som är mindre än radernas summa (raderna är en del av landet) ger
    IndataFel; radernas summa får överstiga totalen med avrundning, högst ``RIKET_TOLERANS`` (1 ppm).
    """
    if not isinstance(riket, (Mapping, pd.Series)):
        raise IndataFel("riket: ange skatteunderlag och folkmangd för hela landet (t.ex. en dict), eller 'raderna'.")
    try:
        su, n = riket["skatteunderlag"], riket["folkmangd"]
    except KeyError as e:
        raise IndataFel(f"riket: {e.args[0]} saknas.") from None
    su, n = tal(su, "riket, skatteunderlag"), tal(n, "riket, folkmangd")
    if su <= 0 or n <= 0:
        raise IndataFel("riket: skatteunderlag och folkmängd måste vara större än noll.")
    if SU is not None:
        rader = SU if type(SU) is float else float(SU.sum())
        if rader > su * (1 + RIKET_TOLERANS):
            kalla = f" ({riket['kalla']})" if isinstance(riket, Mapping) and "kalla" in riket else ""
            raise IndataFel(
                f"riket, skatteunderlag: rikets totala skatteunderlag ({_tal(su)} kr{kalla}) är mindre än summan av "
                f"underlagets {np.size(SU)} rader ({_tal(rader)} kr); ange totalen för hela landet."
            )
        # Folkmängden kontrolleras inte mot raderna: omräkningen för befolkningsökning (kostnadsutjämningens
        # eftersläpning, förordningen 18 och 25 b §§) anropar med hypotetiska folkmängder och rikets faktiska total.
    return su, n


def _tal(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _satser(tabell: str, lanskoder: np.ndarray, behovs: np.ndarray, ar: int, p, rader: pd.Index) -> np.ndarray:
    """Länsvis skattesats (procent) per rad; saknad sats för en rad som behöver den ger ParameterFel.

    ``rader``: radernas koder (kommunkod eller lanskod), för att felet ska namnge underlagets rad.
    """
    param = p[tabell]
    karta = param.delad(ar)
    ut = np.array([float(karta.get(kod, np.nan)) for kod in lanskoder])
    for i in np.flatnonzero(np.isnan(ut) & behovs) if behovs.any() else ():
        kod = lanskoder[i]
        raise ParameterFel(
            f"Länsvis skattesats saknas för län {kod} utjämningsår {ar}: underlag rad {i + 1} "
            f"({rader.name} {rader[i]}) (parameter {tabell}; källa för året: {param.referens(ar)})."
        )
    return ut


def utjamna(U, N, msk, g, s_b, s_a, grans, sankning: float, steg: float):
    """Lagens aritmetik (4–6 §§, 3 a §, förordningen 4 §) på numpy-fält som kan sändas ut (broadcast) över en
    scenarioaxel, eller på tal (en kommun, ``xlmodel.operatorer``): ``U`` uppräknat skatteunderlag, ``N`` folkmängd, ``msk``, ``g``, satserna i procent (NaN där
    länet saknar sats). Delas av ``inkomstutjamning`` och ``xlmodel.scenarier``, så att båda ger samma tal.
    Returnerar (skatteutjämningsunderlag, bidragsrader, avgiftsrader, exakt kr/inv, avrundat kr/inv)."""
    suu = g * msk * N
    ar_bidrag, ar_avgift = suu > U, U > suu
    overskott = om(ar_avgift, U - suu, 0.0)
    avgift = overskott * noll_for_nan(s_a) / 100
    if grans is not None:  # 2014–2015: lägre sats på skiktet upp till grans × MSK (3 a §)
        skikt = minst(overskott, storst(grans - g, 0.0) * msk * N)
        avgift = avgift - skikt * sankning / 100
    bidrag = om(ar_bidrag, (suu - U) * noll_for_nan(s_b) / 100, 0.0)
    exakt = (bidrag - avgift) / N
    return suu, ar_bidrag, ar_avgift, exakt, avrunda_krontal(exakt / steg) * steg


def kontrollera_satser(p, niva: str, lanskoder, sb_lan, sa_lan, ar_bidrag, ar_avgift, ar: int, rader: pd.Index) -> None:
    """ParameterFel om en rad som får bidrag (avgift) i något scenario saknar länsvis bidrags- (avgifts)sats."""
    for tabell, satser, behovs in (("bidrag", sb_lan, ar_bidrag), ("avgift", sa_lan, ar_avgift)):
        if type(satser) is float and satser == satser:  # en kommun på tal: satsen finns
            continue
        saknas = np.isnan(satser)
        if not saknas.any():
            continue
        behovs = np.asarray(behovs).reshape(-1, len(lanskoder)).any(axis=0)
        if np.any(behovs & saknas):
            _satser(f"inkomstutjamning.skattesats.{tabell}.{niva}", lanskoder, behovs, ar, p, rader)


def lagens_varden(p, niva: str, ar: int, lanskoder, rader: pd.Index) -> dict:
    """Årets parametrar för 3–7 §§: uppräkningsfaktor ``F``, garantinivå ``g``, länsvisa satser per rad (NaN där
    länet saknar sats), satsjusteringar ``jb``/``ja``, 3 a §:s ``grans``/``sankning`` och avrundningens ``steg``."""
    v = _arsvarden(p, niva, ar)
    plats, sb, sa = v["satser"]  # län → plats i fälten med bidrags- och avgiftssatser (sist NaN: sats saknas)
    i = np.array([plats.get(kod, -1) for kod in lanskoder], dtype=np.intp)
    return {**v, "sb_lan": sb[i], "sa_lan": sa[i]}


def _lanets_varden(p, niva: str, ar: int, lan: str) -> dict:
    """``lagens_varden`` för ett län med satserna som tal (en kommun räknad på tal)."""
    v = _arsvarden(p, niva, ar)
    plats, sb, sa = v["satser"]
    i = plats.get(lan, -1)
    return {**v, "sb_lan": sb[i].item(), "sa_lan": sa[i].item()}


def _arsvarden(p, niva: str, ar: int) -> dict:
    """De parametrar som inte beror på raden, en gång per parameteruppsättning, nivå och år (``p`` ändras aldrig)."""
    memo = p.__dict__.setdefault("_inkomst_memo", {})
    if (niva, ar) not in memo:
        grans = p["inkomstutjamning.avgift_nedre_skikt.grans"](ar)
        memo[(niva, ar)] = dict(
            F=float(np.prod(p["upprakningsfaktorer.faktorer"](ar))),
            g=float(p[f"inkomstutjamning.garantiniva.{niva}"](ar)),
            jb=float(p[f"inkomstutjamning.skattesatsjustering.bidrag.{niva}"](ar)),
            ja=float(p[f"inkomstutjamning.skattesatsjustering.avgift.{niva}"](ar)),
            grans=grans,
            sankning=float(p[f"inkomstutjamning.avgift_nedre_skikt.{niva}"](ar)) if grans is not None else 0.0,
            steg=float(p["inkomstutjamning.avrundning"](ar)),
        )
        bidrag, avgift = (p[f"inkomstutjamning.skattesats.{t}.{niva}"].delad(ar) for t in ("bidrag", "avgift"))
        lan = sorted({*bidrag, *avgift})
        memo[(niva, ar)]["satser"] = ({kod: i for i, kod in enumerate(lan)},
                                      *(np.array([*(float(t.get(kod, np.nan)) for kod in lan), np.nan]) for t in (bidrag, avgift)))
    return memo[(niva, ar)]


def _utjamning(rader, lanskoder, SU, N, ar: int, niva: str, su_riket: float, n_riket: float, p, v: dict) -> dict:
    """Lagens aritmetik (3–7 §§) för kontrollerade fält: de tal som ``_berakna`` bygger resultatet av och som
    kostnadsutjämningens eftersläpning behöver (``inkomstutjamning_falt``); ``v``: ``lagens_varden``."""
    F = v["F"]
    msk = F * su_riket / n_riket  # = medelskattekraft (3 §)
    U = SU * F
    kraft = U / N
    s_b, s_a = v["sb_lan"] + v["jb"], v["sa_lan"] + v["ja"]
    suu, ar_bidrag, ar_avgift, exakt, kr_per_inv = utjamna(U, N, msk, v["g"], s_b, s_a, v["grans"], v["sankning"], v["steg"])
    kontrollera_satser(p, niva, lanskoder, v["sb_lan"], v["sa_lan"], ar_bidrag, ar_avgift, ar, rader)
    return {"U": U, "skattekraft": kraft, "msk": msk, "skattekraft_andel": kraft / msk, "s_b": s_b, "s_a": s_a,
            "suu": suu, "ar_bidrag": ar_bidrag, "ar_avgift": ar_avgift, "exakt": exakt, "kr_per_inv": kr_per_inv}


def _berakna(rader: pd.Index, lanskoder, SU, N, ar: int, niva: str, su_riket: float, n_riket: float, p, v: dict) -> dict:
    """Resultatets kolumner för kontrollerade fält (delas av tabellen och den snabba vägen för en kommun);
    ``v``: ``lagens_varden``."""
    u = _utjamning(rader, lanskoder, SU, N, ar, niva, su_riket, n_riket, p, v)
    ar_bidrag, ar_avgift = u["ar_bidrag"], u["ar_avgift"]
    kolumner = {"lanskod": lanskoder} if niva == "kommun" else {}
    kolumner.update(
        folkmangd=N,
        skatteunderlag=SU,
        upprakningsfaktor=v["F"],
        uppraknat_skatteunderlag=u["U"],
        skattekraft=u["skattekraft"],
        medelskattekraft=u["msk"],
        garantiniva=v["g"],
        skattekraft_andel=u["skattekraft_andel"],
        skatteutjamningsunderlag=u["suu"],
        typ=_TYPER[np.where(ar_bidrag, 0, np.where(ar_avgift, 1, 2))],  # texten ur ett objektfält (snabbare tabell)
        skattesats=np.where(ar_bidrag, u["s_b"], np.where(ar_avgift, u["s_a"], 0.0)),
        kr_per_inv_exakt=u["exakt"],
        kr_per_inv=u["kr_per_inv"],
        belopp=u["kr_per_inv"] * N,
    )
    return kolumner


_TYPER = np.array(["bidrag", "avgift", "ingen"], dtype=object)


def _ett_tal(v, minst: float, strikt: bool, storhet: str = "") -> float | None:
    """Ett ändligt tal ≥ (>) ``minst`` och inom ``GRANSER[storhet]``, annars None (då förklarar den vanliga
    vägen felet)."""
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        return None
    f = float(v)
    undre, ovre, _ = GRANSER.get(storhet, (None, None, ""))
    if (undre is not None and f < undre) or (ovre is not None and f > ovre):
        return None
    return f if math.isfinite(f) and (f > minst if strikt else f >= minst) else None


@lru_cache(maxsize=1024)
def _en_rad(kod: str, nyckel: str) -> pd.Index:
    return pd.Index([kod], name=nyckel)


def inkomstutjamning_kommun(kod, ar, skatteunderlag, folkmangd, riket, niva: str = "kommun", reform=None) -> dict:
    """En kommuns (regions) rad som dict, utan tabeller: den snabba vägen för skalära Excel-funktioner.

    Samma tal som ``inkomstutjamning`` på en rad med samma ``riket`` (samma aritmetik, ``_berakna``). Indata
    som inte är självklart giltiga (text, tomt, okänd kod, saknade rikstotaler) går den vanliga vägen, som ger
    samma svenska fel."""
    try:
        kod = normalisera_kod(kod, 4 if niva == "kommun" else 2, "kommunkod" if niva == "kommun" else "länskod")
        ar = kontrollera_ar(ar)
    except IndataFel:
        kod = None
    lan_for = _lanskarta_dict() if niva == "kommun" else {k: k for k in lanskoder()}
    su, n = _ett_tal(skatteunderlag, 0.0, False, "skatteunderlag"), _ett_tal(folkmangd, 0.0, True, "folkmangd")
    su_r = _ett_tal(riket.get("skatteunderlag"), 0.0, True, "riket") if isinstance(riket, Mapping) else None
    n_r = _ett_tal(riket.get("folkmangd"), 0.0, True, "riket") if isinstance(riket, Mapping) else None
    nyckel = "kommunkod" if niva == "kommun" else "lanskod"
    if None in (kod, su, n, su_r, n_r) or kod not in lan_for or su > su_r * (1 + 1e-9):
        return _vanliga_vagen(nyckel, kod, ar, skatteunderlag, folkmangd, riket, niva, reform)
    kol = _berakna_andligt(_en_rad(kod, nyckel), np.array([lan_for[kod]]), np.array([su]), np.array([n]), ar, niva,
                           su_r, n_r, reform)
    if kol is None:  # den vanliga vägen ger felet
        return _vanliga_vagen(nyckel, kod, ar, skatteunderlag, folkmangd, riket, niva, reform)
    return {k: (v.item() if isinstance(v, np.ndarray) else v) for k, v in kol.items()}


def _berakna_andligt(rader, lk, SU, N, ar: int, niva: str, su_r: float, n_r: float, reform) -> dict | None:
    """``_berakna`` med lagens värden för de snabba vägarna; ``None`` när ett tal inte är ändligt (den vanliga
    vägen förklarar då felet)."""
    p = parametrar(reform)
    kol = _berakna(rader, lk, SU, N, ar, niva, su_r, n_r, p, lagens_varden(p, niva, ar, lk, rader))
    falt = [x for x in kol.values() if isinstance(x, np.ndarray) and x.dtype.kind == "f"]
    if np.isfinite(np.concatenate(falt)).all() and all(math.isfinite(x) for x in kol.values() if isinstance(x, float)):
        return kol
    return None


class _Koder(list):
    """Radernas koder med ``name`` som ett ``pd.Index`` (felen i ``_satser`` namnger raden), utan att bygga ett index."""

    def __init__(self, koder, name: str):
        super().__init__(koder)
        self.name = name


def inkomstutjamning_falt(koder, SU, N, ar: int, riket: Mapping, niva: str = "kommun", reform=None) -> np.ndarray:
    """``kr_per_inv`` för fält (kända koder, skatteunderlag, folkmängd) med givna rikstotaler, utan tabell: samma
    aritmetik som ``inkomstutjamning`` (``_berakna``), för anropare som redan har fälten (kostnadsutjämningens
    eftersläpning, förordningen 18 och 25 b §§). Fält som inte är självklart giltiga går den vanliga vägen, som
    ger samma svenska fel."""
    SU, N = np.asarray(SU, dtype=float), np.asarray(N, dtype=float)
    lan_for = _lanskarta_dict() if niva == "kommun" else None
    if _giltiga(SU, N) and (lan_for is None or all(kod in lan_for for kod in koder)):
        ar = kontrollera_ar(ar)
        lk = np.array([lan_for[kod] for kod in koder] if lan_for else koder, dtype=object)
        rader = _en_rad(koder[0], nyckel(niva)) if len(koder) == 1 else _Koder(koder, nyckel(niva))
        p = parametrar(reform)
        u = _utjamning(rader, lk, SU, N, ar, niva, *_riket(riket, SU), p, lagens_varden(p, niva, ar, lk, rader))
        if np.isfinite(np.concatenate([u[c] for c in _ANDLIGA])).all() and math.isfinite(u["msk"]):
            return u["kr_per_inv"]
    underlag = pd.DataFrame({nyckel(niva): list(koder), "skatteunderlag": SU, "folkmangd": N})
    return inkomstutjamning(underlag, ar, niva, riket, reform)["kr_per_inv"].to_numpy()


def inkomstutjamning_tal(kod: str, SU: float, N: float, ar: int, riket: Mapping, niva: str = "kommun",
                         reform=None) -> float:
    """``inkomstutjamning_falt`` för en känd kod med skatteunderlag och folkmängd som tal (kostnadsutjämningens
    eftersläpning för en kommuns rad): samma aritmetik (``_utjamning``) räknad på tal. Annat än självklart giltiga
    tal går fältens väg, som ger samma svenska fel."""
    lan = _lanskarta_dict().get(kod) if niva == "kommun" else kod
    if lan is not None and _giltiga_tal(SU, N):
        ar = kontrollera_ar(ar)
        p = parametrar(reform)
        u = _utjamning(_en_rad(kod, nyckel(niva)), [lan], SU, N, ar, niva, *_riket(riket, SU), p,
                       _lanets_varden(p, niva, ar, lan))
        if all(math.isfinite(u[c]) for c in _ANDLIGA) and math.isfinite(u["msk"]):
            return u["kr_per_inv"]
    return inkomstutjamning_falt([kod], [SU], [N], ar, riket, niva, reform).item()


#: ``_utjamning``:s fält som ska vara ändliga (som tabellens talkolumner; övriga är indata eller väljer bland dem).
_ANDLIGA = ("U", "skattekraft", "skattekraft_andel", "suu", "exakt", "kr_per_inv")


def _giltiga(SU: np.ndarray, N: np.ndarray) -> bool:
    """Skatteunderlag ≥ 0 och folkmängd ≥ 1 (``GRANSER``), ändliga; ett element prövas utan fältens fasta kostnad."""
    if SU.size == 1 == N.size:
        return _giltiga_tal(SU.item(), N.item())
    minst = GRANSER["folkmangd"][0]
    return bool((SU >= 0).all() and (N >= minst).all() and np.isfinite(SU).all() and np.isfinite(N).all())


def _giltiga_tal(su: float, n: float) -> bool:
    """``_giltiga`` för en rad som tal (NaN: falskt)."""
    return 0 <= su < math.inf and GRANSER["folkmangd"][0] <= n < math.inf


def _vanliga_vagen(nyckel, kod, ar, skatteunderlag, folkmangd, riket, niva, reform) -> dict:
    rad = pd.DataFrame({nyckel: [kod], "skatteunderlag": [skatteunderlag], "folkmangd": [folkmangd]}, dtype=object)
    return inkomstutjamning(rad, ar, niva, riket, reform).iloc[0].to_dict()


def inkomstutjamning(
    underlag: pd.DataFrame,
    ar: int,
    niva: str = "kommun",
    riket: Mapping | pd.Series | str | None = None,
    reform: str | None = None,
) -> pd.DataFrame:
    """Inkomstutjämningsbidrag/-avgift per kommun (``niva="kommun"``) eller region (``niva="region"``).

    ``underlag``: en rad per kommun med ``kommunkod``, ``skatteunderlag`` (kr, ej uppräknat) och ``folkmangd``
    (1 nov t−1); för regioner ``lanskod`` i stället för ``kommunkod`` (se ``region_underlag``).
    ``riket``: rikets ``skatteunderlag`` och ``folkmangd``. Utan ``riket``: raderna när de är hela landet
    (290 kommuner / 21 regioner), annars de medföljande rikstotalerna ``xlmodel.riket(ar)`` när året täcks,
    annars IndataFel som säger vad som ska anges; ``riket="raderna"`` räknar raderna som hela landet.
    ``attrs["riket"]`` säger vilka totaler som användes och varifrån. Ett rikets skatteunderlag under radernas
    summa ger IndataFel. Saknad länsvis sats för en rad som behöver den ger ParameterFel som namnger län, år och rad.
    Returnerar en rad per kommun/region med bl.a. ``skattekraft`` (uppräknad, kr/inv), ``kr_per_inv``
    (+ bidrag, − avgift, hela kronor) och ``belopp`` (kr).
    """
    koder, _, (SU, N) = niva_kolumner(underlag, ["skatteunderlag", "folkmangd"], niva, icke_negativa=["skatteunderlag"],
                                      positiva=["folkmangd"], namn="underlag")
    ar = kontrollera_ar(ar)
    if niva == "kommun":  # koderna är kontrollerade (kända): länet ur den inlästa kartan, utan en Series
        karta = _lanskarta_dict()
        lanskoder = np.array([karta[k] for k in koder], dtype=object)
    else:
        lanskoder = np.array(koder, dtype=object)
    index = kodindex(koder, nyckel(niva))
    p = parametrar(reform)
    v = lagens_varden(p, niva, ar, lanskoder, index)  # parameterfel (år utan värde) före rikstotalerna
    totaler = _rikstotaler(riket, koder, SU, N, ar, niva)
    kolumner = _berakna(index, lanskoder, SU, N, ar, niva, totaler["skatteunderlag"], totaler["folkmangd"], p, v)
    ut = andlig_tabell(kolumner, index, "inkomstutjämning")
    ut.attrs["riket"] = totaler
    return ut
