"""Självfinansieringsgrad och investeringar vid fast självfinansieringsgrad (seed 003, fotnot 34)."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..validering import kontrollera_ar, tal


def sjalvfinansieringsgrad(avskrivningar, resultat, investeringar):
    """Självfinansieringsgrad = (avskrivningar + resultat) / investeringar (seed 003, fotnot 34)."""
    inv = np.asarray(investeringar, dtype=float)
    if np.any(inv <= 0):
        raise IndataFel("investeringar: måste vara större än noll för att självfinansieringsgraden ska vara definierad.")
    return (np.asarray(avskrivningar, dtype=float) + np.asarray(resultat, dtype=float)) / inv


def sjalvfinansiering_simulering(
    *,
    skatter_och_bidrag: float,
    avskrivningar: float,
    investeringar: float,
    sjalvfinansieringsgrad: float,
    resultatandel,
    skatteunderlagstillvaxt: Mapping[int, float],
    avskrivningstid: float = 33,
    avskrivning_fran: str = "foljande_ar",
) -> pd.DataFrame:
    """Investeringar som följer av resultatnivån vid fast självfinansieringsgrad (seed 003, fotnot 34, figur 3).

    Basårets nivåer (kr) ges av ``skatter_och_bidrag``, ``avskrivningar`` och ``investeringar``. För varje år t
    i ``skatteunderlagstillvaxt`` ({ar: andel}): skatter och bidrag_t = föregående × (1 + tillväxt_t);
    resultat_t = resultatandel_t × skatter och bidrag_t (``resultatandel`` tal eller {ar: andel});
    avskrivningarna ökar med 1/``avskrivningstid`` av nyinvesteringarna; investeringar_t =
    (avskrivningar_t + resultat_t) / självfinansieringsgrad. ``avskrivning_fran``: "foljande_ar" (en
    investering skrivs av från året efter, standard) eller "samma_ar" (från investeringsåret; då löses
    I = (A_t−1 + R)/(g − 1/n)). Fotnoten säger inte vilket; båda är namngivna tolkningar.
    """
    if avskrivning_fran not in ("foljande_ar", "samma_ar"):
        raise IndataFel("avskrivning_fran: ange 'foljande_ar' eller 'samma_ar'.")
    sob, avskr, inv = (tal(skatter_och_bidrag, "skatter_och_bidrag"), tal(avskrivningar, "avskrivningar"),
                       tal(investeringar, "investeringar"))
    for namn, v in (("skatter_och_bidrag", sob), ("avskrivningar", avskr), ("investeringar", inv)):
        if v < 0:
            raise IndataFel(f"{namn}: negativt belopp {v:g} är inte tillåtet.")
    g = tal(sjalvfinansieringsgrad, "sjalvfinansieringsgrad")
    n = tal(avskrivningstid, "avskrivningstid")
    if g <= 0 or n <= 0 or (avskrivning_fran == "samma_ar" and g <= 1 / n):
        raise IndataFel("sjalvfinansieringsgrad och avskrivningstid måste vara större än noll "
                        "(och graden större än 1/avskrivningstid när avskrivning sker samma år).")
    if not isinstance(skatteunderlagstillvaxt, Mapping) or not skatteunderlagstillvaxt:
        raise IndataFel("skatteunderlagstillvaxt: ange {ar: andel}, t.ex. {2021: 0.013, 2022: 0.04}.")
    ar_lista = sorted(kontrollera_ar(a) for a in skatteunderlagstillvaxt)
    if ar_lista != list(range(ar_lista[0], ar_lista[-1] + 1)):
        raise IndataFel(f"skatteunderlagstillvaxt: åren ska följa på varandra (fick {ar_lista}).")
    rader = []
    for t in ar_lista:
        tillvaxt = tal(skatteunderlagstillvaxt.get(t, skatteunderlagstillvaxt.get(str(t))), f"skatteunderlagstillväxt år {t}")
        if tillvaxt <= -1:
            raise IndataFel(f"skatteunderlagstillväxt år {t}: {tillvaxt:g} är inte tillåtet (måste vara större än −1).")
        sob *= 1 + tillvaxt
        andel = resultatandel.get(t) if isinstance(resultatandel, Mapping) else resultatandel
        if andel is None:
            raise IndataFel(f"resultatandel saknas för år {t}.")
        res = tal(andel, f"resultatandel år {t}") * sob
        if avskrivning_fran == "foljande_ar":
            avskr += inv / n
            inv = (avskr + res) / g
        else:
            inv = (avskr + res) / (g - 1 / n)
            avskr += inv / n
        rader.append({"ar": t, "skatter_och_bidrag": sob, "resultat": res, "avskrivningar": avskr,
                      "investeringar": inv, "investeringar_andel": inv / sob,
                      "sjalvfinansieringsgrad": (avskr + res) / inv})
    return pd.DataFrame(rader).set_index("ar")
