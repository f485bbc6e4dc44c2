"""Kollektivtrafik: förordning (2004:881) 26–26 a §§ och bilagan.

Per län l: V_l = 23,10668 + 0,0006133·T11_l + 28,33119·pend_l + 16,09601·√avst_l (T11 boende i tätort med
mer än 11 000 invånare, pend andel som arbetspendlar över kommungräns (bråktal), avst genomsnittligt avstånd
mellan invånarna), S_l = V_l × K, K = Ḡ × U_t / (Σ V_l·N_l / Σ N_l). Länsvariablerna är indata ``lan``.

Kommunerna i länet får andelen a (hälften; Stockholms län 40 procent), regionen 1 − a. Fördelningen mellan
kommunerna (26 a §):

1. Västmanlands, Västernorrlands, Västerbottens och Norrbottens län: v_k = länsvärde − 1 114,609·ln T11_k
   + 65,1762·(ln T11_k)² + 22,12085·√avst_k + 0,016393·pendlingsavstånd_k; kommunens del av länets kostnad
   = v_k·N_k / Σ v_j·N_j. Läsning: "(ln)²" är logaritmen i kvadrat; för en kommun utan tätort över 11 000
   invånare (T11_k = 0) sätts logaritmtermerna till noll. Kolumner: ``boende_tatort_over_11000``,
   ``avstand_mellan_invanare``, ``pendlingsavstand`` (behövs bara för kommuner i dessa län).
2. Södermanlands län: regeringens beslut om varje kommuns andel, kolumnen ``kollektivtrafik_andel`` (summan
   i länet 1; behövs bara för kommuner i länet).
3. Övriga län och Gotland: lika stort belopp per invånare.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..validering import tal
from .gemensamma import Kontext, Rader, kommuner_per_lan, lan_i_ordning, medel

_TAL = frozenset({float, int})  # celler som är tal utan vidare (tal() förklarar resten)
KOLUMNER = ()
RIKET = ()
LAN_KOLUMNER = ("boende_tatort_over_11000", "andel_pendlare_over_kommungrans", "avstand_mellan_invanare")
MODELL_KOLUMNER = ("boende_tatort_over_11000", "avstand_mellan_invanare", "pendlingsavstand")
BESLUT_KOLUMN = "kollektivtrafik_andel"
VALFRIA_KOLUMNER = MODELL_KOLUMNER + (BESLUT_KOLUMN,)


def _kommunernas_andel(k: Kontext, lanskod: str) -> float:
    andel = k.param("kollektivtrafik.kommunernas_andel")
    return float((andel.get("lan") or {}).get(lanskod, andel["standard"]))


def _folkmangd_per_lan(d: Rader, N: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Länen med rader (i kodordning) och deras folkmängd Σ N. Heltal (folkmängder) summeras exakt i vilken
    ordning som helst; annars summerar pandas som förut (kompenserad summa per län). En rad: länet och dess tal."""
    if len(N) == 1:
        return [d.lanskoder[0]], N.astype(float)
    if np.all(np.floor(N) == N) and N.sum() < 2.0 ** 53:
        lan = lan_i_ordning()
        summa = np.bincount(d.lannummer, weights=N, minlength=len(lan))
        finns = np.bincount(d.lannummer, minlength=len(lan)) > 0
        return [l for l, f in zip(lan, finns) if f], summa[finns]
    s = pd.Series(N).groupby(d.lanskoder).sum()
    return list(s.index), s.to_numpy()


def _standardkostnad_alla_lan(k: Kontext, lan_med_rader: list[str], folkmangd_lan: np.ndarray) -> dict[str, float]:
    """S_l (kr/inv, utjämningsårets prisnivå) för varje län med invånare i indata."""
    if k.lan is None:
        raise IndataFel("Indata 'lan' (länstabellen för kollektivtrafiken) saknas.")
    rad = {l: i for i, l in enumerate(k.lan.index)}
    saknas = [l for l in lan_med_rader if l not in rad]
    if saknas:
        raise IndataFel(f"lan: rad saknas för län {saknas[0]} (kollektivtrafik).")
    valda = [rad[l] for l in lan_med_rader]
    t11, pend, avst = (k.lan[c][valda] for c in LAN_KOLUMNER)
    c = k.param("kollektivtrafik.koefficienter")
    v = (float(c["konstant"]) + float(c["boende_tatort_over_11000"]) * t11
         + float(c["andel_pendlare_over_kommungrans"]) * pend + float(c["rot_avstand_mellan_invanare"]) * np.sqrt(avst))
    K = k.agg("kollektivtrafik.korrigeringsfaktor",
              lambda: k.genomsnitt("kollektivtrafik") * k.upprakning / medel(v, folkmangd_lan))
    return dict(zip(lan_med_rader, (v * K).tolist()))


def _cell(k: Kontext, kod: str, rad: int, kolumn: str) -> float:
    if k.radata is None or kolumn not in k.radata:
        raise IndataFel(f"kollektivtrafik: kolumnen {kolumn!r} krävs för kommun {kod} (26 a §).")
    return tal(k.radata[kolumn][rad], f"kommun {kod}, kolumn {kolumn}")


def _celler(k: Kontext, d: Rader, rader: np.ndarray, kolumner: tuple[str, ...]) -> np.ndarray:
    """Kolumnerna (som bara dessa rader behöver) för raderna, kolumn × rad. Ett tal per cell; annars förklarar
    ``_cell`` det första felet, rad för rad och kolumn för kolumn."""
    ut = np.empty((len(kolumner), len(rader)))
    platser = rader.tolist()
    radata = k.radata or {}
    for j, kolumn in enumerate(kolumner):
        falt = radata.get(kolumn)
        if isinstance(falt, np.ndarray) and falt.dtype.kind in "fiu":
            ut[j] = falt[rader]
            continue
        celler = [] if falt is None else [falt[i] for i in platser]
        if falt is None or not _TAL.issuperset(map(type, celler)):
            break
        try:
            ut[j] = celler
        except OverflowError:  # ett heltal utanför flyttalen: tal() förklarar nedan
            break
    else:
        if np.isfinite(ut).all():
            return ut
    for i, rad in enumerate(platser):
        for j, kolumn in enumerate(kolumner):
            ut[j, i] = _cell(k, d.index[rad], rad, kolumn)
    return ut


def _modellvarde(k: Kontext, d: Rader, rader: np.ndarray) -> np.ndarray:
    """26 a § 1: v_k per rad (kommunerna i länen med fördelningsmodell)."""
    m = k.param("kollektivtrafik.fordelning_modell")
    t11, avst, pend = _celler(k, d, rader, MODELL_KOLUMNER)
    ln = np.where(t11 > 0, np.log(np.where(t11 > 0, t11, 1.0)), 0.0)  # ln T11; 0 utan tätort över 11 000
    lansvarde = np.array([float(m["lansvarde"][l]) for l in d.lanskoder[rader]])
    # (ln)² med libm:s pow som i formeln per kommun (bit för bit samma tal som tidigare)
    return (lansvarde + float(m["ln_tatort"]) * ln + float(m["ln_tatort_kvadrat"]) * np.float_power(ln, 2)
            + float(m["rot_avstand"]) * np.sqrt(avst) + float(m["pendlingsavstand"]) * pend)


def _fordelning(k: Kontext) -> tuple:
    """26 a §: länen med fördelningsmodell (1) och med regeringens beslut (2), och om länet (``lan_i_ordning``)
    har modell; en gång per parameteruppsättning och år."""
    modell = k.param("kollektivtrafik.fordelning_modell")["lansvarde"]
    return modell, frozenset(k.param("kollektivtrafik.fordelning_beslut")), np.array([l in modell for l in lan_i_ordning()])


def berakna(d: Rader, k: Kontext) -> dict[str, np.ndarray]:
    N = k.N
    lan_med_rader, folkmangd_lan = ([d.lanskoder[0]], [N]) if d.som_tal else _folkmangd_per_lan(d, N)
    alla: list = []

    def s_lan(l: str) -> float:
        if not alla:
            alla.append(_standardkostnad_alla_lan(k, lan_med_rader, folkmangd_lan))
        return alla[0][l]

    S = {l: k.agg(f"kollektivtrafik.standardkostnad_lan.{l}", lambda l=l: s_lan(l)) for l in lan_med_rader}
    if k.niva == "region":
        return {"kollektivtrafik": np.array([(1 - _kommunernas_andel(k, l)) * S[l] for l in d.lanskoder])}

    modell, beslut, i_modellan = k.harlett("kollektivtrafik.fordelning", lambda: _fordelning(k))
    kommunernas = [_kommunernas_andel(k, l) * S[l] for l in lan_med_rader]  # kr/inv i länet
    if d.som_tal:  # en kommuns rad som tal
        l = lan_med_rader[0]
        if l not in modell and l not in beslut:
            return {"kollektivtrafik": kommunernas[0]}  # lika mycket per invånare (26 a § 3)
        rad = np.zeros(1, dtype=np.intp)
        v = _modellvarde(k, d, rad) if l in modell else None
        return {"kollektivtrafik": _fordelning_i_lanet(k, d, l, N, kommunernas[0], rad, v, N)}
    lan = lan_i_ordning()
    i_modell = np.flatnonzero(i_modellan[d.lannummer])
    v_modell = np.empty(len(d))
    if len(i_modell):
        v_modell[i_modell] = _modellvarde(k, d, i_modell)
    if len(lan_med_rader) == 1:
        ut = np.full(len(d), kommunernas[0])
    else:
        plats = np.zeros(len(lan), dtype=np.intp)
        plats[[lan.index(l) for l in lan_med_rader]] = np.arange(len(lan_med_rader))
        ut = np.array(kommunernas)[plats[d.lannummer]]  # lika mycket per invånare (26 a § 3), utom i länen nedan
    for l, n_l, kr in zip(lan_med_rader, folkmangd_lan, kommunernas):
        if l not in modell and l not in beslut:
            continue
        rader = np.flatnonzero(d.lannummer == lan.index(l))
        ut[rader] = _fordelning_i_lanet(k, d, l, n_l, kr, rader, v_modell[rader] if l in modell else None, N[rader])
    return {"kollektivtrafik": ut}


def _fordelning_i_lanet(k: Kontext, d: Rader, l: str, n_l, kr: float, rader: np.ndarray, v, N):
    """26 a § 1–2: kommunernas del av länets kostnad (``kr`` per invånare i länet) per invånare i kommunen, med
    andelarna v·N / Σ v·N (fördelningsmodellen, ``v``) eller regeringens beslut (``v`` None). ``n_l``: radernas
    folkmängd i länet (rikets värde när det är givet)."""
    n_lan = k.agg(f"kollektivtrafik.folkmangd_lan.{l}", lambda: float(n_l))
    if v is not None:
        vikter = v * N
        summa = k.agg(f"kollektivtrafik.fordelning_summa.{l}", lambda: vikter.sum())
        andelar = vikter / summa
    else:
        andelar = _celler(k, d, rader, (BESLUT_KOLUMN,))[0]
        if len(rader) == kommuner_per_lan()[lan_i_ordning().index(l)] and abs(andelar.sum() - 1) > 1e-6:
            raise IndataFel(f"kollektivtrafik_andel: andelarna i län {l} summerar till {andelar.sum():g}, inte 1.")
    return kr * n_lan * andelar / N
